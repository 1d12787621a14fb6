package io.reactiveaudio.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Access to the committed fixtures under {@code src/test/resources/fixtures}. */
public final class Fixtures {

    private Fixtures() {
    }

    /** The path of a fixture, e.g. {@code path("mp3/cbr128_stereo_44k.mp3")}. */
    public static Path path(String relative) {
        try {
            var url = Fixtures.class.getResource("/fixtures/" + relative);
            if (url == null) {
                throw new IllegalArgumentException("no fixture " + relative);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A raw little-endian float32 file (a reference decode) as an array. */
    public static float[] readF32(String relative) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(path(relative))).order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[bytes.remaining() / 4];
            bytes.asFloatBuffer().get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes a whole file with the standard decoders. */
    public static DecodedAudio decode(Path file) {
        return AudioDecoders.standard().decode(file);
    }
}
