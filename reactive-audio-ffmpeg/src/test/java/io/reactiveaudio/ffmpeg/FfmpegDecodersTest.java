package io.reactiveaudio.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.reactiveaudio.audio.AudioChunk;
import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.mp3.Mp3Decoder;
import io.reactiveaudio.decode.Decode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** On the class path, the FFmpeg backend is found and chosen first, unless the user prefers another. */
class FfmpegDecodersTest {

    private static final Path MP3 = FfmpegFixture.path("sine-44100-stereo.mp3");

    @Test
    void theStandardRegistryFindsFfmpegAndTriesItFirst() {
        assertEquals(List.of("ffmpeg", "jlayer"), AudioDecoders.backends());
        try (ByteInput in = ByteInput.open(MP3)) {
            assertInstanceOf(FfmpegDecoder.class, AudioDecoders.standard().detect(in));
        }
    }

    @Test
    void preferringJLayerSendsMp3ToTheBuiltInDecoderAndOpusStillToFfmpeg() {
        AudioDecoders jlayerFirst = AudioDecoders.preferring("jlayer");
        try (ByteInput mp3 = ByteInput.open(MP3);
             ByteInput opus = ByteInput.open(FfmpegFixture.path("sine-48000-stereo.opus"))) {
            assertInstanceOf(Mp3Decoder.class, jlayerFirst.detect(mp3));
            assertInstanceOf(FfmpegDecoder.class, jlayerFirst.detect(opus));
        }
    }

    @Test
    void thePipelinesDecodeOperatorUsesFfmpegOnBoundedElasticThreads() {
        List<AudioChunk> chunks = Flux.just(AudioSource.of(0, MP3), AudioSource.of(1, FfmpegFixture.path("sine-22050-mono.ogg")))
                .transform(Decode.defaults().chunkFrames(4096))
                .collectList()
                .block();

        long mp3Frames = chunks.stream().filter(c -> c.source().index() == 0).mapToLong(AudioChunk::frames).sum();
        long oggFrames = chunks.stream().filter(c -> c.source().index() == 1).mapToLong(AudioChunk::frames).sum();
        assertEquals(44_100, mp3Frames);
        assertEquals(21_794, oggFrames);
    }
}
