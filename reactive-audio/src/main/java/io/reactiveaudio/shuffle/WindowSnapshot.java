package io.reactiveaudio.shuffle;

import java.util.List;
import java.util.Objects;

/**
 * The state of a {@link ShuffleWindow} between two emissions: enough to continue it in a new
 * subscription with exactly the emissions that would have followed (see
 * {@link ShuffleWindow#resume(WindowSnapshot)}).
 *
 * @param arrivals upstream items taken in so far this epoch
 * @param emitted items emitted so far this epoch
 * @param draining whether upstream has completed and the window is emitting what it holds
 * @param residents the items held: in slot order while filling, in their emission order while
 *     draining; an unmodifiable copy
 * @param lastArrival the latest upstream item, or null if none arrived since the window started;
 *     it may have been emitted already, so read only its identity or metadata
 * @param <T> the element type
 */
public record WindowSnapshot<T>(long arrivals, long emitted, boolean draining, List<T> residents, T lastArrival) {

    /** Validates the counters and copies the residents. */
    public WindowSnapshot {
        if (arrivals < 0 || emitted < 0) {
            throw new IllegalArgumentException("arrivals and emitted must not be negative: " + arrivals + ", " + emitted);
        }
        residents = List.copyOf(Objects.requireNonNull(residents, "residents"));
    }
}
