package io.reactiveaudio.augment.reverb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.test.Signals;
import io.reactiveaudio.test.WavFixtureWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplyImpulseResponseTest {

    private static final int RATE = 16_000;

    /** A decaying noise burst: a small synthetic room. */
    private static float[] room(long seed, int frames) {
        float[] ir = Signals.noise(seed, RATE, 1, frames, 0.5);
        for (int t = 0; t < frames; t++) {
            ir[t] *= (float) Math.exp(-6.0 * t / frames);
        }
        ir[0] = 1;
        return ir;
    }

    /** The textbook convolution of one channel, in double. */
    private static double directAt(float[] x, int channels, int channel, float[] h, int n) {
        double sum = 0;
        for (int k = 0; k < h.length && k <= n; k++) {
            int t = n - k;
            if (t < x.length / channels) {
                sum += (double) h[k] * x[t * channels + channel];
            }
        }
        return sum;
    }

    @Test
    void theReverberantItemEqualsTheDirectConvolutionWithTheRecordedResponse() {
        List<float[]> rooms = List.of(room(1, 800), room(2, 1_200), room(3, 400));
        ApplyImpulseResponse reverb = ApplyImpulseResponse.of(rooms, RATE);
        Set<Integer> chosen = new HashSet<>();
        for (long item = 0; item < 12; item++) {
            float[] dry = Signals.noise(10 + item, RATE, 2, 4_000, 0.4);
            AugmentContext context = AugmentContext.forItem(1, 0, item, 0);
            Audio wet = reverb.apply(new Audio(dry.clone(), 4_000, 2, RATE), context);
            int index = (int) context.applied().get(0).get("ir_index");
            chosen.add(index);
            assertEquals(4_000, wet.frames(), "length kept by default");
            for (int n = 0; n < 4_000; n += 7) {
                for (int c = 0; c < 2; c++) {
                    assertEquals(directAt(dry, 2, c, rooms.get(index), n), wet.samples()[n * 2 + c], 2e-5, "frame " + n);
                }
            }
        }
        assertEquals(Set.of(0, 1, 2), chosen);
    }

    @Test
    void keepingTheTailLengthensTheItemByTheResponseMinusOne() {
        float[] ir = room(4, 300);
        float[] dry = Signals.noise(5, RATE, 1, 1_000, 0.4);
        Audio wet = ApplyImpulseResponse.of(List.of(ir), RATE).keepTail(true)
                .apply(Audio.mono(dry.clone(), RATE), AugmentContext.forItem(0, 0, 0, 0));
        assertEquals(1_299, wet.frames());
        assertEquals(directAt(dry, 1, 0, ir, 1_298), wet.samples()[1_298], 1e-5);
    }

    @Test
    void responsesAreReadFromAFolderAndResampledToTheItemsRate(@TempDir Path folder) throws Exception {
        float[] impulse = new float[480];
        impulse[240] = 0.5f;
        WavFixtureWriter.of(WavFixtureWriter.Encoding.FLOAT32).write(folder.resolve("a.wav"), impulse, 1, 48_000);
        Files.writeString(folder.resolve("notes.txt"), "not audio");
        ApplyImpulseResponse reverb = ApplyImpulseResponse.fromFolder(folder);
        assertEquals(1, reverb.size());
        float[] tone = Signals.sine(RATE, 1, 4_000, 300, 0.5);
        Audio wet = reverb.apply(Audio.mono(tone.clone(), RATE), AugmentContext.forItem(0, 0, 0, 0));
        double in = 0;
        double out = 0;
        for (int t = 1_000; t < 4_000; t++) {
            in += tone[t] * tone[t];
            out += wet.samples()[t] * wet.samples()[t];
        }
        assertEquals(20 * Math.log10(0.5), 10 * Math.log10(out / in), 0.05, "a delayed half-amplitude impulse halves a tone at any rate");
    }

    @Test
    void emptySetsAndFoldersAreRefused(@TempDir Path folder) {
        assertThrows(IllegalArgumentException.class, () -> ApplyImpulseResponse.of(List.of(), RATE));
        assertThrows(IllegalArgumentException.class, () -> ApplyImpulseResponse.of(List.of(new float[0]), RATE));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> ApplyImpulseResponse.fromFolder(folder));
        assertTrue(none.getMessage().contains(folder.toString()));
    }
}
