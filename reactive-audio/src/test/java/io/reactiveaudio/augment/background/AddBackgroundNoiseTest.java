package io.reactiveaudio.augment.background;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.Compose;
import io.reactiveaudio.augment.wave.Gain;
import io.reactiveaudio.test.Signals;
import io.reactiveaudio.test.WavFixtureWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddBackgroundNoiseTest {

    private static final int RATE = 16_000;

    @TempDir
    Path folder;

    @BeforeEach
    void writeNoiseClips() throws Exception {
        WavFixtureWriter writer = WavFixtureWriter.of(WavFixtureWriter.Encoding.FLOAT32);
        writer.write(folder.resolve("a-hum.wav"), Signals.sine(RATE, 1, 3_000, 120, 0.2), 1, RATE);
        writer.write(folder.resolve("b-hiss.wav"), Signals.noise(7, RATE, 2, 5_000, 0.1), 2, RATE);
        writer.write(folder.resolve("c-fast.wav"), Signals.noise(8, 48_000, 1, 9_000, 0.1), 1, 48_000);
    }

    private static Audio item(long seed) {
        return new Audio(Signals.sine(RATE, 2, 8_000, 440 + seed, 0.4), 8_000, 2, RATE);
    }

    @Test
    void theMeasuredSnrIsTheDrawForEveryClipAndTheClipLoopsUnderLongItems() {
        AddBackgroundNoise noise = AddBackgroundNoise.fromFolder(folder).snrDb(0, 20);
        Set<Integer> used = new HashSet<>();
        for (long item = 0; item < 24; item++) {
            Audio clean = item(item);
            float[] dry = clean.samples().clone();
            AugmentContext context = AugmentContext.forItem(3, 0, item, 0);
            Audio noisy = noise.apply(clean, context);
            Applied applied = context.applied().get(0);
            used.add((int) applied.get("noise_index"));
            double signal = 0;
            double added = 0;
            for (int i = 0; i < dry.length; i++) {
                signal += (double) dry[i] * dry[i];
                double n = noisy.samples()[i] - dry[i];
                added += n * n;
            }
            assertEquals(applied.get("snr_db"), 10 * Math.log10(signal / added), 0.01, "item " + item);
        }
        assertEquals(Set.of(0, 1, 2), used);
    }

    @Test
    void theCacheStaysWithinItsBoundAndNeverChangesTheResult() {
        AddBackgroundNoise roomy = AddBackgroundNoise.fromFolder(folder);
        AddBackgroundNoise tight = roomy.cacheBytes(4 * 5_000);
        AddBackgroundNoise none = roomy.cacheBytes(0);
        for (long item = 0; item < 12; item++) {
            float[] a = roomy.apply(item(item), AugmentContext.forItem(1, 0, item, 0)).samples();
            float[] b = tight.apply(item(item), AugmentContext.forItem(1, 0, item, 0)).samples();
            float[] c = none.apply(item(item), AugmentContext.forItem(1, 0, item, 0)).samples();
            assertArrayEquals(a, b, 0f);
            assertArrayEquals(a, c, 0f);
            assertTrue(tight.cachedBytes() <= 4 * 5_000);
        }
        assertEquals(4L * (3_000 + 5_000 + 3_000), roomy.cachedBytes(), "all three clips at 16 kHz, mono");
        assertEquals(0, none.cachedBytes());
    }

    @Test
    void itDeclaresItselfBlockingSoPipelinesRunItOffTheParallelScheduler() {
        AddBackgroundNoise noise = AddBackgroundNoise.fromFolder(folder);
        assertTrue(noise.blocking());
        assertTrue(Compose.of(Gain.db(0, 1), noise.p(0.5)).blocking());
        assertFalse(Compose.of(Gain.db(0, 1)).blocking());
    }

    @Test
    void badFoldersAndRangesAreRefused(@TempDir Path empty) {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> AddBackgroundNoise.fromFolder(empty));
        assertTrue(none.getMessage().startsWith("no .wav, .flac or .mp3 noise clip in "));
        assertThrows(IllegalArgumentException.class, () -> AddBackgroundNoise.fromFolder(folder).snrDb(30, 3));
        assertThrows(IllegalArgumentException.class, () -> AddBackgroundNoise.fromFolder(folder).cacheBytes(-1));
    }

    @Test
    void namedFilesMixLikeTheFolderThatHoldsThemAndAnEmptyListIsRefused() {
        AddBackgroundNoise listed = AddBackgroundNoise.fromFiles(List.of(folder.resolve("a-hum.wav"),
                folder.resolve("b-hiss.wav"), folder.resolve("c-fast.wav")));
        AddBackgroundNoise found = AddBackgroundNoise.fromFolder(folder);
        for (long item = 0; item < 6; item++) {
            assertArrayEquals(found.apply(item(item), AugmentContext.forItem(3, 0, item, 0)).samples(),
                    listed.apply(item(item), AugmentContext.forItem(3, 0, item, 0)).samples());
        }
        AddBackgroundNoise hum = AddBackgroundNoise.fromFiles(List.of(folder.resolve("a-hum.wav")));
        AugmentContext context = AugmentContext.forItem(3, 0, 0, 0);
        hum.apply(item(0), context);
        assertEquals(0, context.applied().get(0).get("noise_index"));
        assertThrows(IllegalArgumentException.class, () -> AddBackgroundNoise.fromFiles(List.of()));
    }
}
