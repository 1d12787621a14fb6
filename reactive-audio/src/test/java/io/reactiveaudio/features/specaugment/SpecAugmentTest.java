package io.reactiveaudio.features.specaugment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.features.FeatureLayout;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SpecAugment's defining properties: exactly the recorded bands and frames are masked, each within
 * its maximum width, as many masks as asked, every channel alike, padding untouched, the same
 * masks for the same key.
 */
class SpecAugmentTest {

    private static final int CHANNELS = 2;
    private static final int BINS = 40;
    private static final int FRAMES = 60;
    private static final int VALID = 50;

    /** Features of one item, all values in [1, 2) so that a mask (0) shows, with padding frames of 7. */
    private static float[] item(long seed, FeatureLayout layout) {
        float[] values = new float[CHANNELS * BINS * FRAMES];
        SplittableRandom random = new SplittableRandom(seed);
        for (int c = 0; c < CHANNELS; c++) {
            for (int k = 0; k < BINS; k++) {
                for (int t = 0; t < FRAMES; t++) {
                    values[c * BINS * FRAMES + layout.index(k, t, BINS, FRAMES)] =
                            t < VALID ? 1 + (float) random.nextDouble() : 7f;
                }
            }
        }
        return values;
    }

    private static FeatureView view(float[] values, FeatureLayout layout) {
        return new FeatureView(FloatBuffer.wrap(values), 0, CHANNELS, BINS, FRAMES, VALID, layout);
    }

    /** Whether {@code at} lies in one of the recorded masks of {@code transform} (its start under {@code key}). */
    private static boolean covered(List<Applied> applied, String transform, String key, int at) {
        for (Applied a : applied) {
            if (a.transform().equals(transform) && at >= a.get(key) && at < a.get(key) + a.get("width")) {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest
    @EnumSource(FeatureLayout.class)
    void frequencyMasksZeroExactlyTheRecordedBandsOfTheValidFramesInEveryChannel(FeatureLayout layout) {
        SpecAugment masks = SpecAugment.of(FrequencyMasking.of(8, 3)).seed(11);
        int widest = 0;
        for (long ordinal = 0; ordinal < 120; ordinal++) {
            float[] before = item(ordinal, layout);
            float[] after = before.clone();
            List<Applied> applied = masks.apply(view(after, layout), 0, 4, ordinal);

            assertEquals(3, applied.size(), "count respected");
            for (Applied a : applied) {
                assertEquals("FrequencyMask", a.transform());
                assertTrue(a.get("width") >= 0 && a.get("width") <= 8, a.toString());
                assertTrue(a.get("start_bin") >= 0 && a.get("start_bin") + a.get("width") <= BINS, a.toString());
                widest = Math.max(widest, (int) a.get("width"));
            }
            for (int c = 0; c < CHANNELS; c++) {
                for (int k = 0; k < BINS; k++) {
                    for (int t = 0; t < FRAMES; t++) {
                        int i = c * BINS * FRAMES + layout.index(k, t, BINS, FRAMES);
                        boolean masked = t < VALID && covered(applied, "FrequencyMask", "start_bin", k);
                        if ((masked ? 0f : before[i]) != after[i]) {
                            fail("item " + ordinal + " (" + c + ", " + k + ", " + t + ") masked " + masked);
                        }
                    }
                }
            }
        }
        assertEquals(8, widest, "the maximum width is reached");
    }

    @ParameterizedTest
    @EnumSource(FeatureLayout.class)
    void timeMasksZeroExactlyTheRecordedFramesWithinMaxWidthAndProportion(FeatureLayout layout) {
        SpecAugment masks = SpecAugment.of(TimeMasking.of(30, 2).maxProportion(0.2)).seed(3);
        int bound = (int) Math.floor(0.2 * VALID);
        int widest = 0;
        for (long ordinal = 0; ordinal < 120; ordinal++) {
            float[] before = item(ordinal, layout);
            float[] after = before.clone();
            List<Applied> applied = masks.apply(view(after, layout), 1, 9, ordinal);

            assertEquals(2, applied.size());
            for (Applied a : applied) {
                assertTrue(a.get("width") <= bound, "within p x T = " + bound + ": " + a);
                assertTrue(a.get("start_frame") + a.get("width") <= VALID, "within the valid frames: " + a);
                widest = Math.max(widest, (int) a.get("width"));
            }
            for (int c = 0; c < CHANNELS; c++) {
                for (int k = 0; k < BINS; k++) {
                    for (int t = 0; t < FRAMES; t++) {
                        int i = c * BINS * FRAMES + layout.index(k, t, BINS, FRAMES);
                        boolean masked = covered(applied, "TimeMask", "start_frame", t);
                        if ((masked ? 0f : before[i]) != after[i]) {
                            fail("item " + ordinal + " frame " + t + " masked " + masked);
                        }
                    }
                }
            }
        }
        assertEquals(bound, widest, "min(maxWidth, p x T) is reached");
    }

    @Test
    void theMeanMaskValueIsTheItemsOwnMeanBeforeTheMasks() {
        FeatureLayout layout = FeatureLayout.BINS_FRAMES;
        float[] values = item(5, layout);
        double mean = view(values.clone(), layout).mean();
        double sum = 0;
        for (int c = 0; c < CHANNELS; c++) {
            for (int k = 0; k < BINS; k++) {
                for (int t = 0; t < VALID; t++) {
                    sum += values[c * BINS * FRAMES + k * FRAMES + t];
                }
            }
        }
        assertEquals(sum / (CHANNELS * BINS * VALID), mean, 1e-9, "padding excluded");

        SpecAugment masks = SpecAugment.of(TimeMasking.of(10, 1).maskValue(MaskValue.MEAN)).seed(1);
        List<Applied> applied;
        long ordinal = 0;
        do {
            values = item(5, layout);
            applied = masks.apply(view(values, layout), 0, 0, ordinal++);
        } while (applied.get(0).get("width") == 0);
        int start = (int) applied.get(0).get("start_frame");
        int width = (int) applied.get(0).get("width");
        for (int t = start; t < start + width; t++) {
            assertEquals((float) mean, values[3 * FRAMES + t]);
        }
    }

    @Test
    void theSameKeyGivesTheSameMasksAndAnotherKeyOthers() {
        SpecAugment masks = SpecAugment.of(FrequencyMasking.of(10, 2), TimeMasking.of(10, 2)).seed(42);
        float[] a = item(1, FeatureLayout.BINS_FRAMES);
        float[] b = a.clone();
        float[] c = a.clone();
        List<Applied> first = masks.apply(view(a, FeatureLayout.BINS_FRAMES), 3, 7, 2);
        List<Applied> again = masks.apply(view(b, FeatureLayout.BINS_FRAMES), 3, 7, 2);
        List<Applied> other = masks.apply(view(c, FeatureLayout.BINS_FRAMES), 3, 7, 3);

        assertEquals(first, again);
        assertArrayEquals(a, b);
        assertFalse(first.equals(other), "another ordinal draws other masks");
        assertFalse(first.equals(masks.seed(43).apply(view(item(1, FeatureLayout.BINS_FRAMES),
                FeatureLayout.BINS_FRAMES), 3, 7, 2)), "another seed draws other masks");
        assertEquals(List.of("FrequencyMask", "FrequencyMask", "TimeMask", "TimeMask"),
                first.stream().map(Applied::transform).toList(), "in chain order");
    }

    @Test
    void aMaskWiderThanTheItemIsBoundByIt() {
        float[] values = new float[3 * 4];
        Arrays.fill(values, 1f);
        for (long ordinal = 0; ordinal < 50; ordinal++) {
            List<Applied> applied = SpecAugment.of(FrequencyMasking.of(100, 1), TimeMasking.of(100, 1)).apply(
                    FeatureView.of(values.clone(), 1, 3, 4, FeatureLayout.FRAMES_BINS), 0, 0, ordinal);
            assertTrue(applied.get(0).get("width") <= 3 && applied.get(1).get("width") <= 4, applied.toString());
        }
    }

    @Test
    void invalidParametersAreRefusedNamingThem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FrequencyMasking.of(0, 1)).getMessage()
                .contains("maxWidth >= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TimeMasking.of(5, 0)).getMessage()
                .contains("count >= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TimeMasking.of(5, 1).maxProportion(1.5))
                .getMessage().contains("maxProportion"));
        assertThrows(IllegalArgumentException.class, SpecAugment::of);
        assertThrows(IllegalArgumentException.class,
                () -> new FeatureView(FloatBuffer.allocate(10), 0, 1, 2, 6, 6, FeatureLayout.BINS_FRAMES));
        assertThrows(IllegalArgumentException.class,
                () -> new FeatureView(FloatBuffer.allocate(12), 0, 1, 2, 6, 7, FeatureLayout.BINS_FRAMES));
    }
}
