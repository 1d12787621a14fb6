package io.reactiveaudio.shuffle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;

/**
 * A window observed after any emission and resumed from that state in a new subscription, fed
 * the items that followed the observed arrivals, emits exactly what the first one emitted next.
 */
class ShuffleWindowResumeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @ParameterizedTest(name = "size {0}, fill {1}, growth {2}, {3} items, observed every {4}")
    @CsvSource({
        "8, 8, 10, 40, 1",
        "8, 2, 3, 40, 3",
        "16, 4, 10, 100, 7",
        "50, 50, 10, 30, 4",
    })
    void resumingFromAnyObservedStateContinuesTheSameOrder(int size, int fill, int growth, int count, int every) {
        ShuffleWindow<Integer> window = ShuffleWindow.<Integer>of(size).initialFill(fill).growth(growth).seed(11)
                .epoch(3);
        List<WindowSnapshot<Integer>> states = new ArrayList<>();
        List<Integer> whole = Flux.range(0, count).transform(window.observe(every, states::add)).collectList()
                .block(TIMEOUT);

        assertEquals((count + every - 1) / every, states.size(), "every n-th emission and the last");
        for (WindowSnapshot<Integer> state : states) {
            List<Integer> rest = Flux.range((int) state.arrivals(), count - (int) state.arrivals())
                    .transform(window.resume(state)).collectList().block(TIMEOUT);
            assertEquals(whole.subList((int) state.emitted(), count), rest, "resumed after " + state.emitted());
        }
    }

    @Test
    void aStateTakenWhileDrainingHoldsTheRestInEmissionOrderAndNeedsNoUpstream() {
        ShuffleWindow<Integer> window = ShuffleWindow.<Integer>of(10).seed(5);
        List<WindowSnapshot<Integer>> states = new ArrayList<>();
        List<Integer> whole = Flux.range(0, 6).transform(window.observe(2, states::add)).collectList().block(TIMEOUT);

        assertEquals(List.of(2L, 4L, 6L), states.stream().map(WindowSnapshot::emitted).toList());
        WindowSnapshot<Integer> middle = states.get(1);
        assertTrue(middle.draining());
        assertEquals(whole.subList(4, 6), middle.residents());
        assertEquals(whole.subList(4, 6),
                Flux.<Integer>error(new AssertionError("upstream subscribed")).transform(window.resume(middle))
                        .collectList().block(TIMEOUT));
    }

    @Test
    void aStateRecordsTheCountersAndTheLatestArrival() {
        List<WindowSnapshot<Integer>> states = new ArrayList<>();
        Flux.range(0, 5).transform(ShuffleWindow.<Integer>of(2).observe(1, states::add)).blockLast(TIMEOUT);

        WindowSnapshot<Integer> first = states.get(0);
        assertEquals(List.of(3L, 1L, false, 2), List.of(first.arrivals(), first.emitted(), first.draining(),
                first.lastArrival()));
        assertEquals(2, first.residents().size());
        assertNull(new WindowSnapshot<Integer>(0, 0, false, List.of(), null).lastArrival());
    }

    @Test
    void rejectsAStateThatDoesNotFitAndAnObserverOfNoEmissions() {
        WindowSnapshot<Integer> big = new WindowSnapshot<>(3, 0, false, List.of(1, 2, 3), 3);
        assertEquals("a state of 3 residents does not fit a window of 2",
                assertThrows(IllegalArgumentException.class, () -> ShuffleWindow.<Integer>of(2).resume(big))
                        .getMessage());
        assertEquals("every must be at least 1: 0", assertThrows(IllegalArgumentException.class,
                () -> ShuffleWindow.<Integer>of(2).observe(0, s -> { })).getMessage());
        assertEquals("growth must be at least 2 arrivals: 1",
                assertThrows(IllegalArgumentException.class, () -> ShuffleWindow.of(2).growth(1)).getMessage());
    }
}
