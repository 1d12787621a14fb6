package io.reactiveaudio.shuffle;

import io.reactiveaudio.random.KeyedRandom;
import java.util.SplittableRandom;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.util.context.Context;

/**
 * The shuffle window operator: reorders a stream through a window of at most {@link #size()}
 * resident items, each emission drawn uniformly from the resident items and the item just arrived.
 *
 * <p><b>Algorithm.</b> Item {@code k} (its 0-based position in this epoch's upstream order) draws
 * from {@code KeyedRandom.of(seed, epoch, k, Stage.SHUFFLE)}. Once the window holds {@code size}
 * items, every arrival joins them and one of the {@code size + 1} candidates, chosen uniformly,
 * is emitted; the others stay. "Every resident item equally likely" means that at each emission
 * every candidate, the newcomer included, leaves with probability exactly {@code 1 / (size + 1)},
 * however long it has waited: an item's stay is memoryless, the number of further arrivals it
 * waits being geometric with mean {@code size}. tf.data and torchdata instead emit a uniformly chosen <em>old</em> item and then insert
 * the newcomer, so the newest item can never leave on arrival; each emission there chooses among
 * {@code size} items, not {@code size + 1}. Like any bounded window, this is not a uniform
 * permutation of the whole stream: an item leaves at most {@code size} positions earlier than it
 * arrived (shuffle the file order as well for a global mix).
 *
 * <p><b>Initial fill.</b> The first {@link #initialFill()} arrivals (default {@code size}) only fill
 * the window. If {@code initialFill < size}, the first item leaves on arrival
 * {@code initialFill + 1}, chosen uniformly among the {@code initialFill + 1} items then resident;
 * until the window holds {@code size} items only every second arrival emits, so it grows by one
 * item per item emitted, taking {@code 2 * (size - initialFill)} arrivals. The first batch leaves
 * sooner at the cost of a less mixed start: those early emissions choose among fewer items.
 *
 * <p><b>Completion.</b> When upstream completes after {@code k_end} items, the resident items
 * follow in a uniformly random order (a Fisher-Yates shuffle) drawn from
 * {@code KeyedRandom.of(seed, epoch, k_end, Stage.SHUFFLE)}. A stream shorter than the fill is thus
 * a uniform permutation of itself.
 *
 * <p><b>Determinism.</b> Every draw is keyed by (seed, epoch, item index), so the output is a
 * function of the upstream order, seed and epoch only: the threads items arrive on and the
 * downstream request pattern do not change it. State is created per subscription, so subscribing
 * again replays the same order.
 *
 * <p><b>Demand and bounds.</b> No prefetch: downstream demand is passed upstream as it comes, and
 * each arrival that emits nothing (while the window fills or grows) is replaced by a request for
 * one more item. So nothing is requested before downstream demand, and after downstream has
 * requested {@code n} items, at most {@code size + n} have been requested upstream. At most
 * {@code size} items are held between arrivals.
 *
 * <p><b>Discard, errors, cancellation.</b> Items resident when the stream is cancelled or fails
 * are passed to the subscriber context's discard hook ({@code doOnDiscard}), so pooled buffers can
 * be released; an item arriving after cancellation is discarded too. An upstream error is
 * delivered after every item emitted before it, the resident items being discarded first.
 * Cancelling while the window drains discards the items not yet emitted.
 *
 * <p>Immutable and thread-safe; every setter returns a new operator, for any element type, so a
 * chain infers its type where it is used: {@code items.transform(ShuffleWindow.of(1000).seed(42))}.
 *
 * @param <T> the element type
 */
public final class ShuffleWindow<T> implements Function<Flux<T>, Flux<T>> {

    private final int size;
    private final int initialFill;
    private final long seed;
    private final long epoch;

    private ShuffleWindow(int size, int initialFill, long seed, long epoch) {
        this.size = size;
        this.initialFill = initialFill;
        this.seed = seed;
        this.epoch = epoch;
    }

    /**
     * A window of {@code size} items, filled completely before the first emission, seed 0, epoch 0.
     *
     * @param size the items held between arrivals (at least 1); each emission chooses among
     *     {@code size + 1}
     */
    public static <T> ShuffleWindow<T> of(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1: " + size);
        }
        return new ShuffleWindow<>(size, size, 0, 0);
    }

    /** The run's seed. */
    public <U> ShuffleWindow<U> seed(long runSeed) {
        return new ShuffleWindow<>(size, initialFill, runSeed, epoch);
    }

    /** The epoch, from 0; each epoch gives a different order. */
    public <U> ShuffleWindow<U> epoch(long epochIndex) {
        if (epochIndex < 0) {
            throw new IllegalArgumentException("epoch must not be negative: " + epochIndex);
        }
        return new ShuffleWindow<>(size, initialFill, seed, epochIndex);
    }

    /** Items resident before the first emission, from 1 to {@link #size()}; see the class comment. */
    public <U> ShuffleWindow<U> initialFill(int items) {
        if (items < 1 || items > size) {
            throw new IllegalArgumentException("initialFill must be between 1 and the size " + size + ": " + items);
        }
        return new ShuffleWindow<>(size, items, seed, epoch);
    }

    public int size() {
        return size;
    }

    public int initialFill() {
        return initialFill;
    }

    public long seed() {
        return seed;
    }

    public long epoch() {
        return epoch;
    }

    @Override
    public Flux<T> apply(Flux<T> items) {
        return Flux.deferContextual(context -> {
            WindowState<T> window = new WindowState<>(this, Context.of(context));
            return items
                    .<T>handle((item, sink) -> {
                        T out = window.offer(item);
                        if (out != null) {
                            sink.next(out);
                        }
                    })
                    .doOnCancel(window::discardResident)
                    .doOnError(e -> window.discardResident())
                    .concatWith(Flux.defer(() -> Flux.fromIterable(window.drain())));
        });
    }

    /**
     * Whether the arrival of item {@code k} emits an item: none while the first
     * {@code initialFill} items fill the window, every second one while it grows to {@code size},
     * every one after that.
     */
    boolean emitsOnArrival(long k) {
        long growthEnd = initialFill + 2L * (size - initialFill);
        return k >= growthEnd || (k >= initialFill && (k - initialFill) % 2 == 0);
    }

    /** The generator item {@code k}'s choice draws from; {@code k} = item count for the final order. */
    SplittableRandom random(long k) {
        return KeyedRandom.of(seed, epoch, k, KeyedRandom.Stage.SHUFFLE);
    }
}
