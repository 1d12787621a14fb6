package io.reactiveaudio.conform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.dsp.resample.PolyphaseResampler;
import io.reactiveaudio.test.Signals;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConformerTest {

    @Test
    void aStreamAlreadyInTheTargetFormatPassesThrough() {
        Conformer conformer = Conformer.of(16_000, 1, 16_000, ChannelPolicy.mono());
        float[] in = Signals.noise(1, 16_000, 1, 500, 0.5);

        assertTrue(conformer.passesThrough());
        assertArrayEquals(in, conformAll(conformer, in, 1, 100));
        assertFalse(Conformer.of(16_000, 2, 16_000, ChannelPolicy.mono()).passesThrough());
        assertFalse(Conformer.of(8_000, 1, 16_000, ChannelPolicy.mono()).passesThrough());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 333, 4096, 50_000})
    void aStreamInPiecesOfAnySizeEqualsTheWholeStreamResampled(int maxPieceFrames) {
        float[] audio = Signals.chirp(44_100, 2, 20_000, 100, 15_000, 0.5);
        Conformer conformer = Conformer.of(44_100, 2, 16_000, ChannelPolicy.keep());

        float[] out = conformAll(conformer, audio, 2, maxPieceFrames);

        assertArrayEquals(PolyphaseResampler.resample(audio, 2, 44_100, 16_000), out);
        assertEquals(conformer.outputFrames(20_000), out.length / 2);
    }

    @Test
    void monoIsTheMeanOfTheChannelsResampled() {
        float[] stereo = Signals.noise(3, 48_000, 2, 9_600, 0.5);
        float[] mean = new float[stereo.length / 2];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (stereo[2 * i] + stereo[2 * i + 1]) * 0.5f;
        }

        float[] out = conformAll(Conformer.of(48_000, 2, 16_000, ChannelPolicy.mono()), stereo, 2, 1_000);

        assertArrayEquals(PolyphaseResampler.resample(mean, 1, 48_000, 16_000), out);
    }

    @Test
    void copiesOfMonoMadeAfterResamplingEqualTheCopiesResampled() {
        float[] mono = Signals.noise(7, 22_050, 1, 6_000, 0.5);
        float[] copies = new float[mono.length * 3];
        for (int i = 0; i < mono.length; i++) {
            Arrays.fill(copies, 3 * i, 3 * i + 3, mono[i]);
        }
        Conformer conformer = Conformer.of(22_050, 1, 48_000, ChannelPolicy.select(0, 0, 0));

        float[] out = conformAll(conformer, mono, 1, 700);

        assertEquals(3, conformer.outputChannels());
        assertArrayEquals(PolyphaseResampler.resample(copies, 3, 22_050, 48_000), out);
    }

    @Test
    void atEqualRatesOnlyTheChannelsAreMapped() {
        float[] three = Signals.noise(4, 16_000, 3, 100, 0.5);

        float[] out = conformAll(Conformer.of(16_000, 3, 16_000, ChannelPolicy.select(2, 0)), three, 3, 30);

        assertEquals(200, out.length);
        for (int i = 0; i < 100; i++) {
            assertEquals(three[3 * i + 2], out[2 * i]);
            assertEquals(three[3 * i], out[2 * i + 1]);
        }
    }

    @Test
    void theLastPieceEndsTheStreamAndTheNextStartsAnew() {
        float[] audio = Signals.noise(5, 22_050, 1, 3_000, 0.5);
        Conformer conformer = Conformer.of(22_050, 1, 16_000, ChannelPolicy.keep());

        float[] first = conformAll(conformer, audio, 1, 1_000);
        float[] second = conformAll(conformer, audio, 1, 1_000);

        assertArrayEquals(PolyphaseResampler.resample(audio, 1, 22_050, 16_000), first);
        assertArrayEquals(first, second);
    }

    @Test
    void everyPieceFitsItsBound() {
        Conformer conformer = Conformer.of(44_100, 1, 48_000, ChannelPolicy.stereo());
        float[] audio = Signals.noise(6, 44_100, 1, 10_000, 0.5);
        SplittableRandom random = new SplittableRandom(8);
        for (int at = 0; at < 10_000; ) {
            int frames = Math.min(1 + random.nextInt(900), 10_000 - at);
            boolean last = at + frames == 10_000;
            int bound = conformer.maxOutputFrames(frames, last);
            float[] out = new float[bound * 2];
            assertTrue(conformer.process(Arrays.copyOfRange(audio, at, at + frames), frames, last, out) <= bound);
            at += frames;
        }
    }

    @Test
    void arraysTooShortAreRefusedAndChangeNothing() {
        float[] audio = Signals.noise(9, 48_000, 2, 2_000, 0.5);
        Conformer conformer = Conformer.of(48_000, 2, 16_000, ChannelPolicy.mono());

        assertThrows(IndexOutOfBoundsException.class, () -> conformer.process(audio, 2_001, false, new float[1_000]));
        assertThrows(IndexOutOfBoundsException.class, () -> conformer.process(audio, 1_000, true, new float[10]));

        assertArrayEquals(conformAll(Conformer.of(48_000, 2, 16_000, ChannelPolicy.mono()), audio, 2, 2_000),
                conformAll(conformer, audio, 2, 2_000));
    }

    @Test
    void settingsThePolicyCannotServeAreRefusedWithTheirValue() {
        IllegalArgumentException stereo = assertThrows(IllegalArgumentException.class,
                () -> Conformer.of(16_000, 6, 16_000, ChannelPolicy.stereo()));
        assertTrue(stereo.getMessage().startsWith("stereo() cannot map 6 channels"), stereo.getMessage());
        IllegalArgumentException channels = assertThrows(IllegalArgumentException.class,
                () -> Conformer.of(16_000, 0, 16_000, ChannelPolicy.keep()));
        assertEquals("inputChannels must be at least 1: 0", channels.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Conformer.of(0, 1, 16_000, ChannelPolicy.keep()));
    }

    /** The whole of {@code audio} through {@code conformer} in pieces of at most {@code maxPieceFrames}. */
    private static float[] conformAll(Conformer conformer, float[] audio, int channels, int maxPieceFrames) {
        int frames = audio.length / channels;
        float[] all = new float[0];
        for (int at = 0; at < frames; at += maxPieceFrames) {
            int n = Math.min(maxPieceFrames, frames - at);
            boolean last = at + n == frames;
            float[] out = new float[conformer.maxOutputFrames(n, last) * conformer.outputChannels()];
            float[] piece = Arrays.copyOfRange(audio, at * channels, (at + n) * channels);
            int written = conformer.process(piece, n, last, out);
            float[] next = Arrays.copyOf(all, all.length + written * conformer.outputChannels());
            System.arraycopy(out, 0, next, all.length, written * conformer.outputChannels());
            all = next;
        }
        return all;
    }
}
