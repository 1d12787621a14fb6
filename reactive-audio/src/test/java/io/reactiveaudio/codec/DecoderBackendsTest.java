package io.reactiveaudio.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.codec.AudioDecodeException.Kind;
import io.reactiveaudio.codec.mp3.Mp3Decoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backends on the class path join the registry by priority; users can put one first by name. */
class DecoderBackendsTest {

    @Test
    void availableBackendsAreListedByPriorityAndUnavailableOnesLeftOut() {
        assertEquals(List.of("jlayer", "test"), AudioDecoders.backends());
    }

    @Test
    void theStandardRegistryDecodesWithADiscoveredBackend(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("x.bin"), "RATEST and more");

        assertEquals(3, AudioDecoders.standard().decode(file).frames());
        assertEquals(Kind.UNSUPPORTED, assertThrows(AudioDecodeException.class,
                () -> AudioDecoders.builtIn().decode(file)).kind());
    }

    @Test
    void theBuiltInBackendKeepsItsPlaceAheadOfLowerPriorities() {
        try (ByteInput in = ByteInput.open(Fixtures.path("mp3/cbr128_stereo_44k.mp3"))) {
            assertInstanceOf(Mp3Decoder.class, AudioDecoders.standard().detect(in));
        }
        assertEquals(AudioDecoders.builtIn().decoders(), AudioDecoders.standard().decoders().subList(0, 3));
    }

    @Test
    void preferringPutsTheNamedBackendFirstAndAutoIsThePriorityOrder() {
        List<AudioDecoder> preferred = AudioDecoders.preferring("TEST").decoders();

        assertTrue(preferred.get(0).sniff("RATEST".getBytes(), 6));
        assertEquals(AudioDecoders.builtIn().decoders(), preferred.subList(1, 4));
        assertEquals(AudioDecoders.standard().decoders(), AudioDecoders.preferring(AudioDecoders.AUTO).decoders());
        assertSame(AudioDecoders.builtIn(), AudioDecoders.builtIn());
    }

    @Test
    void anUnknownBackendNameListsTheAvailableOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AudioDecoders.preferring("unavailable"));

        assertTrue(e.getMessage().contains("available: auto, jlayer, test"), e.getMessage());
    }
}
