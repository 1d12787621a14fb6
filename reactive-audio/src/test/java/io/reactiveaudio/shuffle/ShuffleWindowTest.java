package io.reactiveaudio.shuffle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.test.DemandProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** What the shuffle window emits: a permutation, always the same one for a seed and epoch. */
class ShuffleWindowTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @ParameterizedTest(name = "size {0}, initial fill {1}, {2} items")
    @CsvSource({
        "1, 1, 0", "1, 1, 1", "1, 1, 50",
        "7, 7, 3", "7, 7, 7", "7, 7, 8", "7, 7, 100", "7, 2, 5", "7, 2, 100", "7, 1, 100",
        "1000, 1000, 10", "1000, 1000, 1000", "1000, 1000, 1001", "1000, 1000, 5000", "1000, 10, 5000"})
    void emitsExactlyAPermutationOfTheInput(int size, int initialFill, int count) {
        List<Integer> out = shuffle(Flux.range(0, count), ShuffleWindow.of(size).initialFill(initialFill).seed(3));

        assertEquals(count, out.size(), "no item lost or added");
        assertEquals(range(count), out.stream().sorted().toList(), "each item exactly once");
    }

    @Test
    void aLongEnoughStreamIsReordered() {
        assertNotEquals(range(100), shuffle(Flux.range(0, 100), ShuffleWindow.of(7)));
        assertNotEquals(range(5), shuffle(Flux.range(0, 5), ShuffleWindow.of(7)), "shorter than the window");
    }

    @Test
    void noItemLeavesMoreThanTheWindowSizeEarlierThanItArrived() {
        int size = 16;
        for (long seed = 0; seed < 20; seed++) {
            List<Integer> out = shuffle(Flux.range(0, 300), ShuffleWindow.of(size).seed(seed));
            for (int position = 0; position < out.size(); position++) {
                assertTrue(position >= out.get(position) - size, "item " + out.get(position) + " at " + position);
            }
        }
    }

    @Test
    void theSameSeedAndEpochGiveTheSameOrderWhateverTheThreadsAndRequestPattern() {
        ShuffleWindow<Integer> window = ShuffleWindow.of(32).seed(42).epoch(5);
        List<Integer> reference = shuffle(Flux.range(0, 500), window);

        Flux<Integer> onParallelThreads = Flux.range(0, 500).publishOn(Schedulers.parallel(), 3);
        Flux<Integer> eachItemOnItsOwnWorker = Flux.range(0, 500)
                .flatMapSequential(i -> Mono.just(i).subscribeOn(Schedulers.parallel()), 8, 1);
        Flux<Integer> delayedAndInterleaved = Flux.range(0, 500)
                .flatMapSequential(i -> Mono.just(i).delayElement(Duration.ofNanos((i * 7919L) % 50_000)), 16);

        assertEquals(reference, shuffle(onParallelThreads, window), "publishOn upstream, unbounded demand");
        assertEquals(reference, oneAtATime(onParallelThreads.transform(window)), "publishOn upstream, request(1)");
        assertEquals(reference, oneAtATime(eachItemOnItsOwnWorker.transform(window)), "items on different threads");
        assertEquals(reference, shuffle(delayedAndInterleaved, window), "items delayed by different amounts");
        assertEquals(reference, collect(Flux.range(0, 500).transform(window).limitRate(5)
                .publishOn(Schedulers.single(), 2).subscribeOn(Schedulers.boundedElastic())), "batched demand");
    }

    @Test
    void subscribingAgainReplaysTheSameOrder() {
        Flux<Integer> shuffled = Flux.range(0, 200).transform(ShuffleWindow.of(20).seed(9));

        assertEquals(collect(shuffled), collect(shuffled));
    }

    @Test
    void anotherEpochOrSeedGivesAnotherOrder() {
        ShuffleWindow<Integer> window = ShuffleWindow.of(32).seed(42).epoch(5);
        List<Integer> reference = shuffle(Flux.range(0, 500), window);

        assertNotEquals(reference, shuffle(Flux.range(0, 500), window.epoch(6)));
        assertNotEquals(reference, shuffle(Flux.range(0, 500), window.seed(43)));
        assertNotEquals(shuffle(Flux.range(0, 10), window), shuffle(Flux.range(0, 10), window.epoch(6)),
                "the final order of a short stream too");
    }

    @Test
    void withTheDefaultFillTheFirstItemLeavesWhenTheFullWindowReceivesAnotherItem() {
        assertFirstEmissionOnArrival(ShuffleWindow.of(8), 9);
    }

    @Test
    void aSmallerInitialFillLetsTheFirstItemLeaveOnTheArrivalAfterThatManyItems() {
        assertFirstEmissionOnArrival(ShuffleWindow.of(8).initialFill(3), 4);
        assertFirstEmissionOnArrival(ShuffleWindow.of(8).initialFill(1), 2);
    }

    @Test
    void aGrowingWindowKeepsOneArrivalInEveryGrowthAndEmitsTheOthersUntilFull() {
        // 2 items fill, 3 groups of (emit..., keep) grow the window from 2 to 5 items, then one leaves per arrival
        assertEquals("..E.E.E.EEEE", scheduleOf(ShuffleWindow.of(5).initialFill(2).growth(2), 12));
        assertEquals("..EE.EE.EE.EEEE", scheduleOf(ShuffleWindow.of(5).initialFill(2).growth(3), 15));
        assertEquals("........EEEE", scheduleOf(ShuffleWindow.of(8), 12));
    }

    @Test
    void rejectsAnEmptyWindowAndAFillOutsideIt() {
        assertEquals("size must be at least 1: 0",
                assertThrows(IllegalArgumentException.class, () -> ShuffleWindow.of(0)).getMessage());
        assertEquals("initialFill must be between 1 and the size 8: 0",
                assertThrows(IllegalArgumentException.class, () -> ShuffleWindow.of(8).initialFill(0)).getMessage());
        assertEquals("initialFill must be between 1 and the size 8: 9",
                assertThrows(IllegalArgumentException.class, () -> ShuffleWindow.of(8).initialFill(9)).getMessage());
        assertEquals("epoch must not be negative: -1",
                assertThrows(IllegalArgumentException.class, () -> ShuffleWindow.of(8).epoch(-1)).getMessage());
    }

    @Test
    void settersReturnNewOperatorsAndLeaveTheOriginalUnchanged() {
        ShuffleWindow<String> window = ShuffleWindow.of(10);
        ShuffleWindow<String> configured = window.seed(1).epoch(2).initialFill(3);

        assertEquals(List.of(10, 10, 0L, 0L), List.of(window.size(), window.initialFill(), window.seed(), window.epoch()));
        assertEquals(List.of(10, 3, 1L, 2L),
                List.of(configured.size(), configured.initialFill(), configured.seed(), configured.epoch()));
    }

    @Test
    void observingOrResumingGivesANewOperatorAndLeavesTheOriginalAsItWas() {
        ShuffleWindow<Integer> window = ShuffleWindow.<Integer>of(4).seed(1);
        List<WindowSnapshot<Integer>> seen = new ArrayList<>();
        ShuffleWindow<Integer> observed = window.observe(1, seen::add);
        ShuffleWindow<Integer> resumed = window.resume(new WindowSnapshot<>(30, 28, true, List.of(7, 8), null));

        List<Integer> plain = shuffle(Flux.range(0, 20), window);
        assertTrue(seen.isEmpty(), "the original reports to nobody");
        assertEquals(plain, shuffle(Flux.range(0, 20), observed), "observing does not change the order");
        assertEquals(20, seen.size(), "one state after every emission");
        assertEquals(List.of(7, 8), shuffle(Flux.range(0, 20), resumed), "a draining state emits what it held");
        assertEquals(plain, shuffle(Flux.range(0, 20), window), "the original still starts empty");
    }

    /** Emits items one per request and checks that the first output follows arrival {@code arrival}. */
    private static void assertFirstEmissionOnArrival(ShuffleWindow<Integer> window, int arrival) {
        DemandProbe<Integer> probe = DemandProbe.manual();
        StepVerifier.create(probe.flux().transform(window), 1)
                .then(() -> IntStream.range(0, arrival - 1).forEach(probe::emit))
                .expectNoEvent(Duration.ofMillis(10))
                .then(() -> probe.emit(arrival - 1))
                .expectNextCount(1)
                .thenCancel()
                .verify(TIMEOUT);
        assertEquals(arrival, probe.emitted());
    }

    private static String scheduleOf(ShuffleWindow<?> window, int arrivals) {
        StringBuilder schedule = new StringBuilder();
        for (long k = 0; k < arrivals; k++) {
            schedule.append(window.emitsOnArrival(k) ? 'E' : '.');
        }
        return schedule.toString();
    }

    private static List<Integer> shuffle(Flux<Integer> items, ShuffleWindow<Integer> window) {
        return collect(items.transform(window));
    }

    private static List<Integer> collect(Flux<Integer> items) {
        return items.collectList().block(TIMEOUT);
    }

    /** Collects with a request(1) for each item. */
    private static List<Integer> oneAtATime(Flux<Integer> items) {
        return collect(items.limitRate(1));
    }

    private static List<Integer> range(int count) {
        return IntStream.range(0, count).boxed().toList();
    }
}
