package io.reactiveaudio.batch;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.audio.Segment;
import io.reactiveaudio.checkpoint.Checkpoint;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.core.publisher.SynchronousSink;
import reactor.util.context.Context;

/**
 * The batch operator: gathers every B consecutive {@link Segment}s into one {@link Batch},
 * writing their samples straight into a pooled buffer in the chosen {@link Layout}.
 *
 * <p><b>Shape.</b> Every segment must have the frames T, channels C and sample rate of the
 * stream's first segment; one that differs ends the stream with an
 * {@link IllegalArgumentException} naming both sources. A batch is {@code (B, T, C)} or
 * {@code (B, C, T)}. With {@link #padToLongest(int) padToLongest(maxFrames)}, segments may
 * instead have any length from 1 to {@code maxFrames} frames (whole clips): each batch's T is its
 * longest item, the shorter items are zero-filled after their end, {@link Batch#lengths()} gives
 * each item's own frames and {@link Batch#mask()} marks them. With
 * {@link #dropLast(boolean) dropLast} (the default, like the reference training loop, which only
 * ever sees full batches) the last fewer-than-B segments are dropped; without it they form a last
 * batch of {@code B' < B} items, shaped {@code (B', T, C)} or {@code (B', C, T)}.
 *
 * <p><b>Demand and memory.</b> A request for n batches is passed on as a request for n
 * segments, and one more segment is requested for each that completes no batch, so that at most
 * {@code n * B} segments are requested; a batch is made when its B-th segment arrives, so only on
 * demand. The segments being gathered are guarded against a cancel from another thread: each is
 * either batched or discarded, once. Its buffer
 * comes from a {@link BufferPool} of {@link #poolSize()} buffers of {@code B * T * C * 4} bytes
 * (T = {@code maxFrames} when padding, so that every batch fits a buffer of the bounded pool),
 * created for each subscription at its first batch (or from the pool given to
 * {@link #pool(BufferPool)}): the stage holds at most {@link #maxPoolBytes} of direct memory,
 * plus the segments of the batch being gathered (at most B).
 *
 * <p><b>Pool size.</b> A batch is outstanding from its emission until it is released. The pool
 * must cover every batch requested and not yet released: the prefetch of the operators after
 * this one ({@code publishOn(s, p)} holds up to p batches, {@code toIterable(p)} up to p + 1 with
 * the one in hand) plus the batches the consumer keeps. When a batch is due and every buffer is outstanding, the stream
 * fails at once with an {@link IllegalStateException} naming the bound; it never waits, so a
 * consumer that does not release, or keeps more than the pool, gets an error instead of a hang.
 *
 * <p><b>Release and discard.</b> The consumer releases every batch it receives. This operator
 * never drops a batch it has made. Batches that later operators drop ({@code filter}, the queues
 * of {@code publishOn} or {@code limitRate} on cancel, {@code onBackpressureBuffer} overflow)
 * reach only discard hooks registered <i>after</i> those operators, because Reactor's context
 * flows from the subscriber towards the source: end such a chain with
 * {@code .doOnDiscard(Batch.class, Batch::release)}. Segments this operator holds when the
 * stream is cancelled or fails, and those {@code dropLast} drops, go to the discard hook.
 * Reactor 3.8.7 has one known hole: a {@code publishOn} cancelled while a drain it scheduled
 * has not started loses its queued batches without discarding them (reactor-core issue 4396),
 * so up to its prefetch stay counted as in use by the pool.
 *
 * <pre>{@code
 * segments.transform(Batcher.of(32).layout(Layout.BCT))
 *         .publishOn(trainerThread, 2)
 *         .doOnDiscard(Batch.class, Batch::release)
 *         .subscribe(batch -> {
 *             try (batch) {
 *                 train(batch.audio(), batch.labels());
 *             }
 *         });
 * }</pre>
 *
 * <p>Immutable and thread-safe; every setter returns a new operator, and the state of each
 * subscription is its own.
 */
public final class Batcher implements Function<Flux<Segment>, Flux<Batch>> {

    /**
     * Default number of buffers in the pool of each subscription: enough for
     * {@code publishOn(s, 4)} or {@code toIterable(3)}, and 200 MB of 32 stereo segments of
     * 196 608 frames.
     */
    public static final int DEFAULT_POOL_SIZE = 4;

    private final Settings settings;

    private Batcher(Settings settings) {
        this.settings = settings;
    }

    /**
     * Batches of {@code batchSize} segments (at least 1), {@link Layout#BTC}, dropping a last
     * partial batch, a pool of {@value #DEFAULT_POOL_SIZE} buffers per subscription.
     */
    public static Batcher of(int batchSize) {
        positive(batchSize, "batchSize");
        Settings settings = new Settings();
        settings.batchSize = batchSize;
        return new Batcher(settings);
    }

    /** The order of the samples in each batch. */
    public Batcher layout(Layout order) {
        Objects.requireNonNull(order, "layout");
        return with(s -> s.layout = order);
    }

    /** Whether the last fewer-than-B segments are dropped (true) or emitted as a smaller batch (false). */
    public Batcher dropLast(boolean drop) {
        return with(s -> s.dropLast = drop);
    }

    /**
     * Buffers in the pool made for each subscription (at least 1): the most batches outstanding
     * at once, and {@code buffers * B * T * C * 4} bytes of direct memory. Not used when a pool is
     * given with {@link #pool(BufferPool)}.
     */
    public Batcher poolSize(int buffers) {
        positive(buffers, "poolSize");
        return with(s -> s.poolSize = buffers);
    }

    /**
     * Takes buffers from {@code shared} instead of a pool per subscription, for example to reuse
     * them across epochs ({@code repeat}) or to watch its counters. Its capacity must hold a full
     * batch, {@code B * T * C * 4} bytes, or the stream fails at its first batch; subscriptions
     * that run at the same time share its bound.
     */
    public Batcher pool(BufferPool shared) {
        Objects.requireNonNull(shared, "pool");
        return with(s -> s.pool = shared);
    }

    /**
     * Batches of segments of 1 to {@code maxFrames} frames (at least 1), each padded with zeros to
     * the longest item in it; the pool's buffers hold {@code B * maxFrames * C * 4} bytes.
     */
    public Batcher padToLongest(int maxFrames) {
        positive(maxFrames, "maxFrames");
        return with(s -> s.maxFrames = maxFrames);
    }

    /**
     * Gives the n-th batch of each subscription (counted from 1) the checkpoint
     * {@code afterBatch.apply(n)}, which may be null; for pipelines that record where they stand.
     */
    public Batcher checkpoints(LongFunction<Checkpoint> afterBatch) {
        Objects.requireNonNull(afterBatch, "checkpoints");
        return with(s -> s.checkpoints = afterBatch);
    }

    /**
     * Marks as padding ({@link Batch#padding()}) every segment at or after place
     * {@code firstPadding.getAsLong()} of the subscription's segments (counted from 0), for a
     * stage that appends repeated segments to fill its last batches (the training pipeline's
     * shards). The supplier is read on the thread that completes each batch, once the batch's
     * segments have arrived; until the place is known it must return {@code Long.MAX_VALUE}, the
     * default, which marks nothing.
     */
    public Batcher paddingFrom(LongSupplier firstPadding) {
        Objects.requireNonNull(firstPadding, "firstPadding");
        return with(s -> s.firstPadding = firstPadding);
    }

    /**
     * Hands each segment's sample array to {@code arrays} as soon as it is copied into its batch,
     * for a stage that owns its segments from end to end to fill the array again (the training
     * pipeline reuses its windows' arrays so). The batcher no longer reads it after that; whoever
     * sets this must be sure that nobody else holds the array either. Called on the thread that
     * completes the batch.
     */
    public Batcher recycle(Consumer<float[]> arrays) {
        Objects.requireNonNull(arrays, "arrays");
        return with(s -> s.copied = arrays);
    }

    /** Marks every batch as belonging to epoch {@code number} ({@link Batch#epoch()}); for pipelines. */
    public Batcher epoch(long number) {
        return with(s -> s.epoch = number);
    }

    /** Segments per batch, B. */
    public int batchSize() {
        return settings.batchSize;
    }

    /** The order of the samples in each batch. */
    public Layout layout() {
        return settings.layout;
    }

    /** Whether a last batch of fewer than B segments is dropped. */
    public boolean dropLast() {
        return settings.dropLast;
    }

    /** The longest segment, in frames, when padding to the longest item; 0 when segments must all have one length. */
    public int maxFrames() {
        return settings.maxFrames;
    }

    /** The most batches outstanding at once: the pool size, or the given pool's {@code maxBuffers}. */
    public int poolSize() {
        return settings.pool == null ? settings.poolSize : settings.pool.maxBuffers();
    }

    /**
     * The most direct memory the pool holds for segments of {@code frames} frames and
     * {@code channels} channels, in bytes: {@code poolSize * B * T * C * 4} (T = {@code maxFrames}
     * when padding, whatever {@code frames}), or the given pool's {@code maxBuffers * capacity}.
     */
    public long maxPoolBytes(int frames, int channels) {
        positive(frames, "frames");
        positive(channels, "channels");
        return settings.pool == null ? settings.poolSize * batchBytes(bufferFrames(frames), channels)
                : (long) settings.pool.maxBuffers() * settings.pool.capacity();
    }

    @Override
    public Flux<Batch> apply(Flux<Segment> segments) {
        return Flux.deferContextual(view -> {
            Assembly assembly = new Assembly(Context.of(view));
            return segments
                    .<Batch>handle(assembly::add)
                    .concatWith(Flux.defer(assembly::last))
                    .doOnCancel(assembly::close)
                    .doOnError(e -> assembly.close());
        });
    }

    /** Frames per item that a buffer holds: {@code maxFrames} when padding, else the segments' frames. */
    private int bufferFrames(int segmentFrames) {
        return settings.maxFrames > 0 ? settings.maxFrames : segmentFrames;
    }

    private long batchBytes(int frames, int channels) {
        return (long) settings.batchSize * frames * channels * Float.BYTES;
    }

    /** A new operator with a copy of these settings, changed by {@code change}. */
    private Batcher with(Consumer<Settings> change) {
        Settings next = settings.copy();
        change.accept(next);
        return new Batcher(next);
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + value);
        }
    }

    private static String describe(AudioSource source, long ordinal, int frames, int channels, int sampleRate) {
        return "segment " + ordinal + " of source " + source.index() + " (" + source.path() + ") with " + frames
                + " frames x " + channels + " channels at " + sampleRate + " Hz";
    }

    /**
     * Per-subscription state: the segments gathered for the next batch, the shape every segment
     * must have, the pool, scratch for transposing and padding. The gathered list is guarded by
     * this object's monitor, because a cancel may come from another thread while a segment
     * arrives; batches are filled and emitted outside it.
     */
    private final class Assembly {

        private final Context discardContext;
        private List<Segment> gathering = new ArrayList<>();
        private boolean closed;

        private AudioSource firstSource;
        private long firstOrdinal;
        private int frames;
        private int channels;
        private int sampleRate;
        private BufferPool buffers;
        private float[] plane;
        private long made;
        private long segmentsBatched;
        private float[] zeros;

        Assembly(Context discardContext) {
            this.discardContext = discardContext;
        }

        /**
         * Gathers a segment of the stream's shape and emits a batch when it completes one; fails the
         * stream on a segment that differs, discarding it and those gathered.
         */
        void add(Segment segment, SynchronousSink<Batch> sink) {
            List<Segment> group;
            String problem = null;
            boolean late = false;
            synchronized (this) {
                if (closed) {
                    group = List.of(segment);
                    late = true;
                } else {
                    if (firstSource == null) {
                        firstSource = segment.source();
                        firstOrdinal = segment.ordinal();
                        frames = segment.frames();
                        channels = segment.channels();
                        sampleRate = segment.sampleRate();
                    }
                    problem = problem(segment);
                    if (problem == null) {
                        gathering.add(segment);
                        if (gathering.size() < settings.batchSize) {
                            return;
                        }
                        group = gathering;
                        gathering = new ArrayList<>(settings.batchSize);
                    } else {
                        closed = true;
                        group = new ArrayList<>();
                        group.add(segment);
                        group.addAll(gathering);
                        gathering = new ArrayList<>();
                    }
                }
            }
            if (problem != null) {
                discard(group);
                sink.error(new IllegalArgumentException("cannot batch " + describe(segment.source(),
                        segment.ordinal(), segment.frames(), segment.channels(), segment.sampleRate()) + problem));
                return;
            }
            if (late) {
                discard(group);
                return;
            }
            try {
                sink.next(make(group));
            } catch (IllegalArgumentException | IllegalStateException e) {
                sink.error(e);
            }
        }

        /** After upstream completes: the last, partial batch, or nothing under dropLast. */
        Flux<Batch> last() {
            List<Segment> group = take();
            if (group.isEmpty()) {
                return Flux.empty();
            }
            if (settings.dropLast) {
                discard(group);
                return Flux.empty();
            }
            return Flux.just(make(group));
        }

        /** Ends gathering and discards what was gathered (cancel, error). */
        void close() {
            discard(take());
        }

        private synchronized List<Segment> take() {
            closed = true;
            List<Segment> group = gathering;
            gathering = new ArrayList<>();
            return group;
        }

        private void discard(List<Segment> segments) {
            Operators.onDiscardMultiple(segments, discardContext);
        }

        /** Why the segment does not fit the stream's shape, or null if it does. */
        private String problem(Segment segment) {
            if (settings.maxFrames > 0 && segment.frames() > settings.maxFrames) {
                return ": longer than the " + settings.maxFrames + " frames padToLongest allows";
            }
            if ((settings.maxFrames == 0 && segment.frames() != frames) || segment.channels() != channels
                    || segment.sampleRate() != sampleRate) {
                return " with " + describe(firstSource, firstOrdinal, frames, channels, sampleRate)
                        + ", the first of the stream: batched segments must agree in "
                        + (settings.maxFrames == 0 ? "frames, channels and sample rate" : "channels and sample rate");
            }
            return null;
        }

        /** A group of segments written into a pooled buffer; the group is discarded if no buffer is free. */
        private Batch make(List<Segment> group) {
            ByteBuffer buffer;
            try {
                buffer = buffers().acquire();
            } catch (IllegalArgumentException | IllegalStateException e) {
                discard(group);
                throw e;
            }
            return fill(group, buffer);
        }

        private BufferPool buffers() {
            if (buffers == null) {
                int itemFrames = bufferFrames(frames);
                long bytes = batchBytes(itemFrames, channels);
                if (settings.pool != null && settings.pool.capacity() < bytes) {
                    throw new IllegalArgumentException("a batch of " + settings.batchSize + " x " + itemFrames
                            + " frames x " + channels + " channels is " + bytes
                            + " bytes, more than the given pool's buffers of " + settings.pool.capacity());
                }
                if (bytes > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("a batch of " + settings.batchSize + " x " + itemFrames
                            + " frames x " + channels + " channels is " + bytes
                            + " bytes, over the 2 GiB a buffer can hold");
                }
                buffers = settings.pool != null ? settings.pool : new BufferPool((int) bytes, settings.poolSize);
            }
            return buffers;
        }

        /** The group as a batch of T = its longest item's frames. */
        private Batch fill(List<Segment> group, ByteBuffer buffer) {
            int items = group.size();
            int longest = group.stream().mapToInt(Segment::frames).max().orElseThrow();
            int[] labels = new int[items];
            int[] lengths = new int[items];
            long[] sourceIndices = new long[items];
            long[] ordinals = new long[items];
            List<List<Applied>> augmentations = new ArrayList<>(items);
            List<String> metadata = new ArrayList<>(items);
            boolean anyMetadata = false;
            FloatBuffer floats = buffer.asFloatBuffer();
            for (int b = 0; b < items; b++) {
                Segment segment = group.get(b);
                write(b, segment, longest, floats);
                labels[b] = segment.source().labelIndex();
                lengths[b] = segment.frames();
                sourceIndices[b] = segment.source().index();
                ordinals[b] = segment.ordinal();
                augmentations.add(segment.augmentations());
                String text = segment.source().metadata();
                anyMetadata |= text != null;
                metadata.add(text == null ? "" : text);
            }
            if (settings.copied != null) {
                group.forEach(segment -> settings.copied.accept(segment.samples()));
            }
            made++;
            Checkpoint checkpoint = settings.checkpoints == null ? null : settings.checkpoints.apply(made);
            segmentsBatched += items;
            long padding = Math.max(0, Math.min(items, segmentsBatched - settings.firstPadding.getAsLong()));
            Batch batch = new Batch(buffers, buffer, settings.layout, longest, channels, sampleRate, labels, lengths,
                    sourceIndices, ordinals, checkpoint, settings.epoch, augmentations, (int) padding);
            if (anyMetadata) {
                batch.stampMetadata(metadata);
            }
            return batch;
        }

        /**
         * Item {@code b}'s interleaved samples into its place in a batch of T frames, zeros after its
         * end: as they are for BTC, one channel at a time for BCT.
         */
        private void write(int b, Segment segment, int batchFrames, FloatBuffer floats) {
            float[] samples = segment.samples();
            int length = segment.frames();
            if (settings.layout == Layout.BTC || channels == 1) {
                floats.put(b * batchFrames * channels, samples);
                zero(floats, (b * batchFrames + length) * channels, (batchFrames - length) * channels);
                return;
            }
            if (plane == null) {
                plane = new float[bufferFrames(frames)];
            }
            for (int c = 0; c < channels; c++) {
                for (int t = 0; t < length; t++) {
                    plane[t] = samples[t * channels + c];
                }
                Arrays.fill(plane, length, batchFrames, 0f);
                floats.put((b * channels + c) * batchFrames, plane, 0, batchFrames);
            }
        }

        /** Zeros {@code count} floats from {@code at}: a pooled buffer holds what its last batch left. */
        private void zero(FloatBuffer floats, int at, int count) {
            if (count == 0) {
                return;
            }
            if (zeros == null) {
                zeros = new float[bufferFrames(frames) * channels];
            }
            floats.put(at, zeros, 0, count);
        }
    }

    /** The operator's settings; changed only on a fresh {@link #copy()} while a setter makes a new operator. */
    private static final class Settings implements Cloneable {

        int batchSize;
        Layout layout = Layout.BTC;
        boolean dropLast = true;
        int poolSize = DEFAULT_POOL_SIZE;
        /** The pool given to {@link Batcher#pool}; null for a pool per subscription. */
        BufferPool pool;
        /** The longest segment when padding to the longest item; 0 when every segment has the first's length. */
        int maxFrames;
        LongFunction<Checkpoint> checkpoints;
        long epoch;
        /** Takes each segment's sample array once it is copied into its batch; null when nobody does. */
        Consumer<float[]> copied;
        /** The place of the first padding segment in the subscription; {@code Long.MAX_VALUE} for none. */
        LongSupplier firstPadding = () -> Long.MAX_VALUE;

        Settings copy() {
            try {
                return (Settings) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
