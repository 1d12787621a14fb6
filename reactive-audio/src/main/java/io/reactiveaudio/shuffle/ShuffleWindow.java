package io.reactiveaudio.shuffle;

import io.reactiveaudio.random.KeyedRandom;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
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
 * <p><b>Initial fill and growth.</b> The first {@link #initialFill()} arrivals (default
 * {@code size}) only fill the window. If {@code initialFill < size}, the first item leaves on
 * arrival {@code initialFill + 1}, chosen uniformly among the {@code initialFill + 1} items then
 * resident; until the window holds {@code size} items, one arrival in every {@link #growth()}
 * (the last of each group) only joins the window and the others emit, so the window grows by one
 * item per {@code growth} arrivals, taking {@code growth * (size - initialFill)} arrivals, while the
 * output runs at {@code (growth - 1) / growth} of the input rate. The first batch leaves sooner at
 * the cost of a less mixed start: those early emissions choose among fewer items. A larger
 * {@code growth} keeps throughput closer to the input rate and mixes less for longer.
 *
 * <p><b>Completion.</b> When upstream completes after {@code k_end} items, the resident items
 * follow in a uniformly random order (a Fisher-Yates shuffle) drawn from
 * {@code KeyedRandom.of(seed, epoch, k_end, Stage.SHUFFLE)}. A stream shorter than the fill is thus
 * a uniform permutation of itself.
 *
 * <p><b>Observation and resumption.</b> {@link #observe(long, Consumer)} hands the window's
 * {@link WindowSnapshot state} to an observer after every n-th emission (on the emitting thread,
 * before the item goes downstream); {@link #resume(WindowSnapshot)} starts a subscription from such
 * a state, so that it emits exactly what the observed one would have emitted next, given the
 * upstream items that followed the snapshot's arrivals.
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

    /** Default {@link #growth()}: while growing, nine arrivals in ten emit. */
    public static final int DEFAULT_GROWTH = 10;

    private final Settings settings;

    private ShuffleWindow(Settings settings) {
        this.settings = settings;
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
        Settings settings = new Settings();
        settings.size = size;
        settings.initialFill = size;
        settings.growth = DEFAULT_GROWTH;
        return new ShuffleWindow<>(settings);
    }

    /** The run's seed. */
    public <U> ShuffleWindow<U> seed(long runSeed) {
        return with(s -> s.seed = runSeed);
    }

    /** The epoch, from 0; each epoch gives a different order. */
    public <U> ShuffleWindow<U> epoch(long epochIndex) {
        if (epochIndex < 0) {
            throw new IllegalArgumentException("epoch must not be negative: " + epochIndex);
        }
        return with(s -> s.epoch = epochIndex);
    }

    /** Items resident before the first emission, from 1 to {@link #size()}; see the class comment. */
    public <U> ShuffleWindow<U> initialFill(int items) {
        if (items < 1 || items > settings.size) {
            throw new IllegalArgumentException("initialFill must be between 1 and the size " + settings.size + ": "
                    + items);
        }
        return with(s -> s.initialFill = items);
    }

    /**
     * While the window grows from its initial fill to its size, one arrival in every
     * {@code arrivals} (at least 2) only joins it; see the class comment.
     */
    public <U> ShuffleWindow<U> growth(int arrivals) {
        if (arrivals < 2) {
            throw new IllegalArgumentException("growth must be at least 2 arrivals: " + arrivals);
        }
        return with(s -> s.growth = arrivals);
    }

    /**
     * Hands the state after every {@code every}-th emission (counted from the epoch's start) and
     * after the last one to {@code stateObserver}, on the emitting thread, before that item is
     * emitted. The observer must be quick and must not signal the stream.
     */
    public ShuffleWindow<T> observe(long every, Consumer<WindowSnapshot<T>> stateObserver) {
        if (every < 1) {
            throw new IllegalArgumentException("every must be at least 1: " + every);
        }
        Objects.requireNonNull(stateObserver, "observer");
        return with(s -> {
            s.observeEvery = every;
            s.observer = stateObserver;
        });
    }

    /**
     * Starts each subscription from {@code state}, taken from a window of the same size, initial
     * fill, growth, seed and epoch: its residents are held, its counters continue, and upstream
     * must supply the items that followed its arrivals. A state taken while draining emits its
     * residents and completes without subscribing upstream.
     */
    public ShuffleWindow<T> resume(WindowSnapshot<T> state) {
        Objects.requireNonNull(state, "state");
        if (state.residents().size() > settings.size) {
            throw new IllegalArgumentException("a state of " + state.residents().size()
                    + " residents does not fit a window of " + settings.size);
        }
        return with(s -> s.start = state);
    }

    /** The items held between arrivals. */
    public int size() {
        return settings.size;
    }

    /** Items resident before the first emission. */
    public int initialFill() {
        return settings.initialFill;
    }

    /** While the window grows, one arrival in this many only joins it. */
    public int growth() {
        return settings.growth;
    }

    /** The run's seed. */
    public long seed() {
        return settings.seed;
    }

    /** The epoch, from 0. */
    public long epoch() {
        return settings.epoch;
    }

    @Override
    public Flux<T> apply(Flux<T> items) {
        WindowSnapshot<T> start = start();
        return Flux.deferContextual(context -> {
            WindowState<T> window = new WindowState<>(this, Context.of(context),
                    start != null ? start : new WindowSnapshot<>(0, 0, false, List.of(), null));
            Flux<T> arrivals = start != null && start.draining() ? Flux.empty() : items.handle((item, sink) -> {
                T out = window.offer(item);
                if (out != null) {
                    sink.next(out);
                }
            });
            return arrivals
                    .concatWith(Flux.generate(sink -> {
                        T out = window.nextDrained();
                        if (out == null) {
                            sink.complete();
                        } else {
                            sink.next(out);
                        }
                    }))
                    .doOnCancel(window::discardResident)
                    .doOnError(e -> window.discardResident());
        });
    }

    /**
     * Whether the arrival of item {@code k} emits an item: none while the first
     * {@code initialFill} items fill the window, all but the last of every {@code growth} while it
     * grows to {@code size}, every one after that.
     */
    boolean emitsOnArrival(long k) {
        Settings s = settings;
        long growthEnd = s.initialFill + (long) s.growth * (s.size - s.initialFill);
        return k >= growthEnd || (k >= s.initialFill && (k - s.initialFill) % s.growth != s.growth - 1);
    }

    long observeEvery() {
        return settings.observeEvery;
    }

    /** The observer given to {@link #observe}, for the element type it was given for; null if none. */
    @SuppressWarnings("unchecked")
    Consumer<WindowSnapshot<T>> observer() {
        return (Consumer<WindowSnapshot<T>>) settings.observer;
    }

    /** The generator item {@code k}'s choice draws from; {@code k} = item count for the final order. */
    SplittableRandom random(long k) {
        return KeyedRandom.of(settings.seed, settings.epoch, k, KeyedRandom.Stage.SHUFFLE);
    }

    /** The state given to {@link #resume}, for the element type it was given for; null if none. */
    @SuppressWarnings("unchecked")
    private WindowSnapshot<T> start() {
        return (WindowSnapshot<T>) settings.start;
    }

    /**
     * A copy with {@code change} made to its settings, typed for the chain it is used in (setters
     * before the element type is fixed infer it there); an observer or start state keep the type
     * they were given for.
     */
    private <U> ShuffleWindow<U> with(Consumer<Settings> change) {
        Settings next = settings.copy();
        change.accept(next);
        return new ShuffleWindow<>(next);
    }

    /**
     * The settings behind a {@code ShuffleWindow}, of any element type. Mutable only while a
     * setter fills a fresh {@link #copy()}; a {@code ShuffleWindow} holds it in a final field and
     * never changes it after.
     */
    private static final class Settings implements Cloneable {

        int size;
        int initialFill;
        int growth;
        long seed;
        long epoch;
        long observeEvery;
        Consumer<?> observer;
        WindowSnapshot<?> start;

        Settings copy() {
            try {
                return (Settings) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
