package io.reactiveaudio.dsp.resample;

import static io.reactiveaudio.test.SignalAssertions.assertBitExact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.test.Signals;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a resampler takes a stream: chunks, channels, lengths, the end, reuse and bad arguments. */
class PolyphaseResamplerTest {

    @ParameterizedTest(name = "{0} Hz to {1} Hz, {2} channels, seed {3}")
    @CsvSource({
            "44100, 16000, 2, 1",
            "44100, 16000, 1, 2",
            "48000, 16000, 2, 3",
            " 8000, 16000, 2, 4",
            "44100, 48000, 6, 5",
            "16000,  8000, 1, 6"})
    void chunksOfAnySizesGiveTheOneShotOutputBitForBit(int in, int out, int channels, long seed) {
        float[] input = Signals.noise(seed, in, channels, 30_011, 1.0);
        float[] oneShot = PolyphaseResampler.resample(input, channels, in, out);

        PolyphaseResampler resampler = new PolyphaseResampler(in, out, channels);
        float[] chunked = new float[oneShot.length];
        SplittableRandom sizes = new SplittableRandom(seed);
        int frames = input.length / channels;
        int taken = 0;
        int written = 0;
        while (taken < frames) {
            int size = Math.min(frames - taken, sizes.nextInt(4) == 0 ? sizes.nextInt(3) : sizes.nextInt(9_000));
            int n = resampler.process(input, taken, size, chunked, written);
            assertTrue(n <= resampler.maxOutputFrames(size), n + " frames written for " + size);
            taken += size;
            written += n;
        }
        written += resampler.flush(chunked, written);

        assertEquals(oneShot.length / channels, written);
        assertBitExact(oneShot, chunked, channels);
    }

    @ParameterizedTest(name = "{0} channels")
    @CsvSource({"2", "6"})
    void everyChannelIsResampledAsIfAlone(int channels) {
        float[] input = Signals.noise(7, 44_100, channels, 8_000, 1.0);
        float[] together = PolyphaseResampler.resample(input, channels, 44_100, 16_000);

        for (int c = 0; c < channels; c++) {
            float[] alone = PolyphaseResampler.resample(channel(input, channels, c), 1, 44_100, 16_000);
            assertBitExact(alone, channel(together, channels, c));
        }
    }

    @ParameterizedTest(name = "{0} Hz to {1} Hz, {2} frames")
    @CsvSource({
            "44100, 16000,     0",
            "44100, 16000,     1",
            "44100, 16000,   441",
            "44100, 16000,   442",
            "44100, 16000, 12345",
            "48000, 16000,     2",
            " 8000, 16000,     1",
            " 8000, 16000,  1001",
            "44100, 48000,   148",
            "11025, 16000,  5000"})
    void aStreamOfNFramesGivesCeilOfNTimesUpOverDownFrames(int in, int out, int frames) {
        PolyphaseResampler resampler = new PolyphaseResampler(in, out, 1);
        float[] input = Signals.noise(3, in, 1, frames, 0.5);
        float[] output = new float[resampler.maxOutputFrames(frames) + 1];

        int written = resampler.process(input, 0, frames, output, 0);
        int tail = resampler.tailFrames();
        int flushed = resampler.flush(output, written);

        long expected = (long) Math.ceil((double) frames * out / in);
        assertEquals(expected, written + flushed);
        assertEquals(tail, flushed);
        assertEquals(expected, new ResampleRatio(in, out).outputFrames(frames));
        assertEquals(0, resampler.tailFrames());
    }

    @Test
    void equalRatesPassEverySampleThroughUnchanged() {
        float[] input = Signals.noise(9, 44_100, 2, 5_000, 1.0);
        input[10] = -0.0f;
        input[11] = Float.MIN_VALUE;
        input[12] = Float.MAX_VALUE;

        assertBitExact(input, PolyphaseResampler.resample(input, 2, 44_100, 44_100), 2);

        PolyphaseResampler resampler = new PolyphaseResampler(44_100, 44_100, 2);
        float[] output = new float[input.length];
        assertEquals(1_234, resampler.process(input, 0, 1_234, output, 0));
        assertEquals(0, resampler.tailFrames());
        assertEquals(3_766, resampler.process(input, 1_234, 3_766, output, 1_234));
        assertEquals(0, resampler.flush(output, 5_000));
        assertBitExact(input, output, 2);
    }

    @Test
    void flushEndsTheStreamAndTheNextInputStartsAFreshOne() {
        float[] first = Signals.noise(1, 48_000, 2, 3_000, 1.0);
        float[] second = Signals.chirp(48_000, 2, 4_000, 100, 9_000, 0.5);
        PolyphaseResampler resampler = new PolyphaseResampler(48_000, 16_000, 2);

        assertBitExact(PolyphaseResampler.resample(first, 2, 48_000, 16_000), drain(resampler, first), 2);
        assertBitExact(PolyphaseResampler.resample(second, 2, 48_000, 16_000), drain(resampler, second), 2);
    }

    @Test
    void resetForgetsAStreamCutShort() {
        float[] abandoned = Signals.noise(1, 8_000, 1, 777, 1.0);
        float[] next = Signals.noise(2, 8_000, 1, 2_000, 1.0);
        PolyphaseResampler resampler = new PolyphaseResampler(8_000, 16_000, 1);
        resampler.process(abandoned, 0, 777, new float[resampler.maxOutputFrames(777)], 0);

        resampler.reset();

        assertEquals(0, resampler.tailFrames());
        assertBitExact(PolyphaseResampler.resample(next, 1, 8_000, 16_000), drain(resampler, next));
    }

    @Test
    void sharesOneFilterAmongResamplers() {
        PolyphaseFilter filter = PolyphaseFilter.design(new ResampleRatio(44_100, 16_000));
        PolyphaseResampler stereo = new PolyphaseResampler(filter, 2);
        PolyphaseResampler mono = new PolyphaseResampler(filter, 1);

        assertSame(filter, stereo.filter());
        assertSame(filter, mono.filter());
        assertEquals(2, stereo.channels());
    }

    @Test
    void rejectsBadConstructionWithTheReason() {
        assertEquals("channels must be positive: 0",
                assertThrows(IllegalArgumentException.class, () -> new PolyphaseResampler(44_100, 16_000, 0)).getMessage());
        assertEquals("sample rates must be positive: inputRate -44100 Hz, outputRate 16000 Hz",
                assertThrows(IllegalArgumentException.class, () -> new PolyphaseResampler(-44_100, 16_000, 1)).getMessage());
        assertThrows(NullPointerException.class, () -> new PolyphaseResampler(null, 1));
    }

    @Test
    void rejectsAOneShotInputOfPartFrames() {
        assertEquals("5 samples are not a whole number of 2-channel frames",
                assertThrows(IllegalArgumentException.class,
                        () -> PolyphaseResampler.resample(new float[5], 2, 44_100, 16_000)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> PolyphaseResampler.resample(new float[4], 0, 44_100, 16_000));
        assertThrows(IllegalArgumentException.class, () -> PolyphaseResampler.resample(new float[4], 1, 44_100, 0));
        assertThrows(NullPointerException.class, () -> PolyphaseResampler.resample(null, 1, 44_100, 16_000));
    }

    @Test
    void rejectsRangesOutsideTheArraysAndStaysUnchanged() {
        PolyphaseResampler resampler = new PolyphaseResampler(44_100, 16_000, 2);
        float[] input = Signals.noise(4, 44_100, 2, 1_000, 1.0);
        float[] output = new float[2 * resampler.maxOutputFrames(1_000)];

        assertEquals("in: 20 frames from frame 990 (2 channels) do not fit an array of 2000 samples",
                assertThrows(IndexOutOfBoundsException.class,
                        () -> resampler.process(input, 990, 20, output, 0)).getMessage());
        assertEquals("out: 363 frames from frame 1 (2 channels) do not fit an array of 726 samples",
                assertThrows(IndexOutOfBoundsException.class,
                        () -> resampler.process(input, 0, 1_000, output, 1)).getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> resampler.process(input, -1, 10, output, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> resampler.process(input, 0, -1, output, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> resampler.process(input, 0, 10, output, -1));
        assertThrows(NullPointerException.class, () -> resampler.process(null, 0, 0, output, 0));
        assertThrows(NullPointerException.class, () -> resampler.process(input, 0, 0, null, 0));

        assertEquals(0, resampler.tailFrames());
        int written = resampler.process(input, 0, 1_000, output, 0);
        assertThrows(IndexOutOfBoundsException.class, () -> resampler.flush(output, output.length / 2));
        written += resampler.flush(output, written);
        assertBitExact(PolyphaseResampler.resample(input, 2, 44_100, 16_000), Arrays.copyOf(output, 2 * written), 2);
    }

    @Test
    void rejectsChunksWhoseOutputCouldExceedAnArray() {
        PolyphaseResampler resampler = new PolyphaseResampler(8_000, 384_000, 1);

        assertThrows(IllegalArgumentException.class, () -> resampler.maxOutputFrames(Integer.MAX_VALUE / 2));
    }

    /** Processes a whole signal in one call and flushes. */
    private static float[] drain(PolyphaseResampler resampler, float[] input) {
        int channels = resampler.channels();
        int frames = input.length / channels;
        float[] output = new float[channels * (resampler.maxOutputFrames(frames) + 1)];
        int written = resampler.process(input, 0, frames, output, 0);
        written += resampler.flush(output, written);
        return Arrays.copyOf(output, written * channels);
    }

    private static float[] channel(float[] interleaved, int channels, int c) {
        float[] out = new float[interleaved.length / channels];
        for (int i = 0; i < out.length; i++) {
            out[i] = interleaved[i * channels + c];
        }
        return out;
    }
}
