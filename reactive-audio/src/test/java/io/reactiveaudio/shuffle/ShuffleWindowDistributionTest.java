package io.reactiveaudio.shuffle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

/**
 * The shuffle window's distributions, checked against the exact law of its algorithm over a fixed
 * set of seeds (trial {@code t} uses seed {@code t}), so every run sees the same numbers. Each
 * statistic is compared with its 0.1 % critical value: a correct implementation would fail one of
 * these checks for one seed set in a thousand; these seeds pass.
 */
class ShuffleWindowDistributionTest {

    private static final int WINDOW = 7;
    private static final int ITEMS = 40;
    private static final int TRIALS = 16_000;
    /** Two-sided 0.1 % critical value of the standard normal distribution. */
    private static final double Z_CRITICAL = 3.2905;
    /** {@code scipy.stats.chi2.ppf(0.999, df)} for the degrees of freedom used here. */
    private static final Map<Integer, Double> CHI_SQUARE_CRITICAL =
            Map.of(2, 13.816, 4, 18.467, 7, 24.322, 26, 54.052, 39, 72.055, 119, 172.418);

    @ParameterizedTest(name = "item {0}")
    @ValueSource(ints = {7, 20, 39})
    void theNewestItemLeavesOnItsArrivalWithProbabilityOneOverTheWindowPlusOne(int item) {
        // once the window is full, the item emitted on the arrival of item k is output number k - WINDOW
        int[] positions = positionsOf(item, ShuffleWindow.of(WINDOW), ITEMS);
        long immediately = Arrays.stream(positions).filter(p -> p == item - WINDOW).count();

        double p = 1.0 / (WINDOW + 1);
        double z = (immediately - TRIALS * p) / Math.sqrt(TRIALS * p * (1 - p));
        assertTrue(Math.abs(z) < Z_CRITICAL, "left on arrival in " + immediately + " of " + TRIALS
                + " trials, expected " + TRIALS * p + " (z = " + z + ")");
    }

    @Test
    void theFirstEmissionIsEquallyLikelyToBeAnyResidentItemOrTheNewcomer() {
        int[] observed = new int[WINDOW + 1];
        for (int seed = 0; seed < TRIALS; seed++) {
            observed[shuffle(ShuffleWindow.of(WINDOW).seed(seed), WINDOW + 1).get(0)]++;
        }
        double[] uniform = new double[WINDOW + 1];
        Arrays.fill(uniform, 1.0 / (WINDOW + 1));

        assertFits(observed, uniform);
    }

    /**
     * Item k is a candidate from arrival a = max(k, WINDOW) on, and leaves at each arrival with
     * probability p = 1 / (WINDOW + 1), so it is output number a - WINDOW + d with probability
     * p (1 - p)^d; if it is still resident at the end (probability (1 - p)^(ITEMS - a)) it is
     * equally likely to take any of the last WINDOW places.
     */
    @ParameterizedTest(name = "item {0}")
    @ValueSource(ints = {0, 20})
    void whereAnItemEndsUpFollowsTheExactLawOfTheAlgorithm(int item) {
        int[] observed = histogram(positionsOf(item, ShuffleWindow.of(WINDOW), ITEMS), ITEMS);

        double p = 1.0 / (WINDOW + 1);
        int firstChance = Math.max(item, WINDOW);
        double[] expected = new double[ITEMS];
        for (int d = 0; firstChance + d < ITEMS; d++) {
            expected[firstChance - WINDOW + d] = p * Math.pow(1 - p, d);
        }
        for (int position = ITEMS - WINDOW; position < ITEMS; position++) {
            expected[position] = Math.pow(1 - p, ITEMS - firstChance) / WINDOW;
        }

        assertFits(observed, expected);
    }

    @Test
    void aGrowingWindowChoosesUniformlyAmongTheItemsResidentAtEachEmission() {
        // size 8, initial fill 2, growth 2: item 2 arrives to {0, 1} and one of the three leaves; item 3 only
        // joins; item 4 arrives to the two left and item 3, and one of those four leaves
        int[] first = new int[3];
        int[] second = new int[5];
        for (int seed = 0; seed < TRIALS; seed++) {
            List<Integer> out = shuffle(ShuffleWindow.of(8).initialFill(2).growth(2).seed(seed), 5);
            first[out.get(0)]++;
            second[out.get(1)]++;
        }

        assertFits(first, new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0});
        assertFits(second, new double[] {1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 4.0, 1 / 4.0});
    }

    @Test
    void aStreamShorterThanTheWindowComesOutAsAUniformlyRandomPermutation() {
        Map<List<Integer>, Integer> counts = new HashMap<>();
        int trials = 24_000;
        for (int seed = 0; seed < trials; seed++) {
            counts.merge(shuffle(ShuffleWindow.of(10).seed(seed), 5), 1, Integer::sum);
        }
        assertEquals(120, counts.size(), "every permutation of 5 items occurs");
        int[] observed = counts.values().stream().mapToInt(Integer::intValue).toArray();
        double[] uniform = new double[120];
        Arrays.fill(uniform, 1 / 120.0);

        assertFits(observed, uniform);
    }

    /** Where {@code item} is emitted, in each trial. */
    private static int[] positionsOf(int item, ShuffleWindow<Integer> window, int items) {
        int[] positions = new int[TRIALS];
        for (int seed = 0; seed < TRIALS; seed++) {
            positions[seed] = shuffle(window.seed(seed), items).indexOf(item);
        }
        return positions;
    }

    private static List<Integer> shuffle(ShuffleWindow<Integer> window, int items) {
        return Flux.range(0, items).transform(window).collectList().block(Duration.ofSeconds(10));
    }

    private static int[] histogram(int[] values, int bins) {
        int[] counts = new int[bins];
        for (int v : values) {
            counts[v]++;
        }
        return counts;
    }

    /**
     * Pearson's chi-square test of observed counts against expected probabilities, at the 0.1 %
     * level. Outcomes of probability 0 must not occur and do not count as degrees of freedom.
     */
    private static void assertFits(int[] observed, double[] probabilities) {
        long trials = Arrays.stream(observed).asLongStream().sum();
        double chiSquare = 0;
        int outcomes = 0;
        for (int i = 0; i < observed.length; i++) {
            if (probabilities[i] == 0) {
                assertEquals(0, observed[i], "outcome " + i + " is impossible");
                continue;
            }
            double expected = trials * probabilities[i];
            assertTrue(expected >= 5, "outcome " + i + " expected only " + expected + " times");
            chiSquare += (observed[i] - expected) * (observed[i] - expected) / expected;
            outcomes++;
        }
        assertEquals(1.0, Arrays.stream(probabilities).sum(), 1e-9, "probabilities sum to 1");
        int degreesOfFreedom = outcomes - 1;
        double critical = CHI_SQUARE_CRITICAL.get(degreesOfFreedom);
        assertTrue(chiSquare < critical, "chi-square " + chiSquare + " with " + degreesOfFreedom
                + " degrees of freedom exceeds the 0.1 % critical value " + critical + "; observed "
                + Arrays.toString(observed));
    }
}
