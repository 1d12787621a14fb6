package io.reactiveaudio.conform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioChunk;
import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.audio.Codec;
import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.dsp.resample.PolyphaseResampler;
import io.reactiveaudio.test.Signals;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class ConformTest {

    @Test
    void sourcesAlreadyConformingPassUntouched() {
        List<AudioChunk> in = chunks(0, Signals.noise(1, 16_000, 1, 5_000, 0.5), 1, 16_000, 1_000);

        List<AudioChunk> out = Flux.fromIterable(in).transform(Conform.to(16_000, ChannelPolicy.mono()))
                .collectList().block(Duration.ofSeconds(5));

        assertEquals(in.size(), out.size());
        for (int i = 0; i < in.size(); i++) {
            assertSame(in.get(i), out.get(i));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 700, 4096, 100_000})
    void resamplingInChunksEqualsResamplingTheWholeFile(int chunkFrames) {
        float[] audio = Signals.chirp(44_100, 2, 20_000, 100, 15_000, 0.5);
        List<AudioChunk> in = chunks(0, audio, 2, 44_100, chunkFrames);

        List<AudioChunk> out = Flux.fromIterable(in).transform(Conform.to(16_000, ChannelPolicy.keep()))
                .collectList().block(Duration.ofSeconds(10));

        assertArrayEquals(PolyphaseResampler.resample(audio, 2, 44_100, 16_000), concat(out));
        assertTrue(out.get(out.size() - 1).last());
        AudioInfo info = out.get(0).info();
        assertEquals(16_000, info.sampleRate());
        assertEquals((20_000L * 16_000 + 44_099) / 44_100, info.frames());
        long position = 0;
        for (AudioChunk c : out) {
            assertEquals(position, c.position());
            position += c.frames();
        }
        assertEquals(info.frames(), position);
    }

    @Test
    void monoIsTheMeanOfTheChannelsAndIsResampledAfterTheMix() {
        float[] stereo = Signals.noise(3, 48_000, 2, 9_600, 0.5);
        float[] mean = new float[stereo.length / 2];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (stereo[2 * i] + stereo[2 * i + 1]) * 0.5f;
        }

        float[] out = concat(Flux.fromIterable(chunks(0, stereo, 2, 48_000, 1_000))
                .transform(Conform.to(16_000, ChannelPolicy.mono())).collectList().block(Duration.ofSeconds(5)));

        assertArrayEquals(PolyphaseResampler.resample(mean, 1, 48_000, 16_000), out);
    }

    @Test
    void stereoDuplicatesMonoAfterResampling() {
        float[] mono = Signals.sine(8_000, 1, 4_000, 440, 0.5);
        float[] resampled = PolyphaseResampler.resample(mono, 1, 8_000, 16_000);

        float[] out = concat(Flux.fromIterable(chunks(0, mono, 1, 8_000, 512))
                .transform(Conform.to(16_000, ChannelPolicy.stereo())).collectList().block(Duration.ofSeconds(5)));

        assertEquals(resampled.length * 2, out.length);
        for (int i = 0; i < resampled.length; i++) {
            assertEquals(resampled[i], out[2 * i]);
            assertEquals(resampled[i], out[2 * i + 1]);
        }
    }

    @Test
    void selectPicksChannelsInTheGivenOrder() {
        float[] six = Signals.noise(4, 16_000, 6, 100, 0.5);

        float[] out = concat(Flux.fromIterable(chunks(0, six, 6, 16_000, 30))
                .transform(Conform.to(16_000, ChannelPolicy.select(4, 1))).collectList().block(Duration.ofSeconds(5)));

        for (int i = 0; i < 100; i++) {
            assertEquals(six[i * 6 + 4], out[2 * i]);
            assertEquals(six[i * 6 + 1], out[2 * i + 1]);
        }
    }

    @Test
    void eachSourceGetsItsOwnResamplerState() {
        float[] a = Signals.noise(5, 22_050, 1, 3_000, 0.5);
        float[] b = Signals.noise(6, 22_050, 1, 2_000, 0.5);
        List<AudioChunk> in = new ArrayList<>(chunks(0, a, 1, 22_050, 1_000));
        in.addAll(chunks(1, b, 1, 22_050, 1_000));

        List<AudioChunk> out = Flux.fromIterable(in).transform(Conform.to(16_000, ChannelPolicy.keep()))
                .collectList().block(Duration.ofSeconds(5));

        assertArrayEquals(PolyphaseResampler.resample(a, 1, 22_050, 16_000),
                concat(out.stream().filter(c -> c.source().index() == 0).toList()));
        assertArrayEquals(PolyphaseResampler.resample(b, 1, 22_050, 16_000),
                concat(out.stream().filter(c -> c.source().index() == 1).toList()));
    }

    @Test
    void aLayoutThePolicyCannotMakeFailsNamingTheFile() {
        StepVerifier.create(Flux.fromIterable(chunks(0, new float[60], 6, 16_000, 10))
                        .transform(Conform.to(16_000, ChannelPolicy.stereo())))
                .expectErrorSatisfies(e -> assertTrue(e.getMessage().startsWith("file0.wav: stereo() cannot map 6"),
                        e.getMessage()))
                .verify(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 700, 8192, 100_000})
    void theReaderConversionGivesTheStagesSamplesAndLengthWhateverTheReadSizes(int readFrames) {
        float[] stereo = Signals.chirp(44_100, 2, 20_000, 100, 15_000, 0.5);
        Conform conform = Conform.to(16_000, ChannelPolicy.mono());
        float[] expected = concat(Flux.fromIterable(chunks(0, stereo, 2, 44_100, 4096)).transform(conform)
                .collectList().block(Duration.ofSeconds(5)));

        float[] read = new float[0];
        try (PcmReader reader = conform.readerConversion().apply(new ArrayReader(stereo, 2, 44_100))) {
            assertEquals(16_000, reader.info().sampleRate());
            assertEquals(1, reader.info().channels());
            assertEquals(expected.length, reader.info().frames());
            float[] buffer = new float[readFrames];
            int n;
            while ((n = reader.read(buffer, readFrames)) > 0) {
                read = Arrays.copyOf(read, read.length + n);
                System.arraycopy(buffer, 0, read, read.length - n, n);
            }
        }

        assertArrayEquals(expected, read);
    }

    @Test
    void theReaderConversionPassesAReaderAlreadyConformingThrough() {
        PcmReader mono = new ArrayReader(Signals.noise(2, 16_000, 1, 1_000, 0.5), 1, 16_000);

        assertSame(mono, Conform.to(16_000, ChannelPolicy.mono()).readerConversion().apply(mono));
    }

    /** A reader of an array, giving at most what each read asks for. */
    private record ArrayReader(float[] audio, int channels, int rate, int[] position) implements PcmReader {

        ArrayReader(float[] audio, int channels, int rate) {
            this(audio, channels, rate, new int[1]);
        }

        @Override
        public AudioInfo info() {
            return new AudioInfo(Path.of("array.wav"), Codec.WAV, rate, channels, audio.length / channels, 32,
                    Optional.empty());
        }

        @Override
        public int read(float[] dst, int maxFrames) {
            int n = Math.min(maxFrames, audio.length / channels - position[0]);
            if (n <= 0) {
                return -1;
            }
            System.arraycopy(audio, position[0] * channels, dst, 0, n * channels);
            position[0] += n;
            return n;
        }

        @Override
        public void close() {
        }
    }

    private static List<AudioChunk> chunks(long index, float[] audio, int channels, int rate, int chunkFrames) {
        AudioSource source = AudioSource.of(index, Path.of("file" + index + ".wav"));
        int frames = audio.length / channels;
        AudioInfo info = new AudioInfo(source.path(), Codec.WAV, rate, channels, frames, 16, Optional.empty());
        List<AudioChunk> out = new ArrayList<>();
        for (int at = 0; at < frames; at += chunkFrames) {
            int n = Math.min(chunkFrames, frames - at);
            out.add(new AudioChunk(source, info, at, Arrays.copyOfRange(audio, at * channels, (at + n) * channels), n,
                    at + n == frames));
        }
        return out;
    }

    private static float[] concat(List<AudioChunk> chunks) {
        float[] out = new float[0];
        for (AudioChunk c : chunks) {
            int n = c.frames() * c.channels();
            float[] next = Arrays.copyOf(out, out.length + n);
            System.arraycopy(c.samples(), 0, next, out.length, n);
            out = next;
        }
        return out;
    }
}
