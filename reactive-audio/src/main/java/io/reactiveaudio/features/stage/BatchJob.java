package io.reactiveaudio.features.stage;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.Layout;
import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.specaugment.FeatureView;
import io.reactiveaudio.features.specaugment.SpecAugment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

/**
 * The features of one audio batch, computed in parts on {@link Schedulers#parallel()}: part p of P
 * takes items {@code [p * B / P, (p + 1) * B / P)}, each with a worker borrowed for the part, and
 * writes them into their own places of one pooled buffer, so the result is the same whatever the
 * threads.
 *
 * <p><b>Ownership.</b> The job owns the audio batch and the feature buffer until the feature batch
 * is taken, which releases the audio and hands the batch to the {@link Deliveries}. Cancelled or failed, the job releases both, but only once
 * every part has finished: a part still running may be reading the audio and writing the buffer,
 * which the pools must not hand out before. Parts of a closed job skip their work.
 */
final class BatchJob {

    private static final int OPEN = 0;
    private static final int CLOSED = 1;
    private static final int TAKEN = 2;

    private final Batch audio;
    private final BufferPool pool;
    private final ByteBuffer buffer;
    private final FeatureExtractor extractor;
    private final FeatureLayout layout;
    private final SpecAugment masks;
    private final WorkerPool workers;
    private final Deliveries deliveries;
    private final int items;
    private final int channels;
    private final int samples;
    private final int columns;
    private final int[] lengths;
    private final long[] sources;
    private final long[] ordinals;
    /** Each item's SpecAugment record, written by its part; null without masks. */
    private final AtomicReferenceArray<List<Applied>> masked;
    private final AtomicInteger state = new AtomicInteger(OPEN);
    private final AtomicInteger partsLeft = new AtomicInteger();
    private final AtomicBoolean freed = new AtomicBoolean();
    private volatile Throwable failure;

    /**
     * A job that owns {@code audio} and {@code buffer} (acquired from {@code pool}) from now on and
     * registers its feature batch with {@code deliveries}; {@code masks} may be null.
     */
    BatchJob(Batch audio, BufferPool pool, ByteBuffer buffer, FeatureExtractor extractor, FeatureLayout layout,
             SpecAugment masks, WorkerPool workers, Deliveries deliveries) {
        this.masks = masks;
        this.audio = audio;
        this.pool = pool;
        this.buffer = buffer;
        this.extractor = extractor;
        this.layout = layout;
        this.workers = workers;
        this.deliveries = deliveries;
        this.items = audio.size();
        this.channels = audio.channels();
        this.samples = audio.frames();
        this.columns = extractor.frames(samples);
        this.lengths = audio.lengths();
        this.sources = audio.sourceIndices();
        this.ordinals = audio.ordinals();
        this.masked = masks == null ? null : new AtomicReferenceArray<>(items);
    }

    /**
     * Runs the parts and emits the feature batch once all are done; cancelling, or a failing part,
     * releases the audio and the buffer after the last part.
     */
    Mono<FeatureBatch> run() {
        return Mono.<Void>create(this::start).then(Mono.fromSupplier(this::take)).doFinally(signal -> close());
    }

    private void start(MonoSink<Void> done) {
        int parts = Math.min(items, Schedulers.DEFAULT_POOL_SIZE);
        partsLeft.set(parts);
        for (int p = 0; p < parts; p++) {
            int from = p * items / parts;
            int to = (p + 1) * items / parts;
            try {
                Schedulers.parallel().schedule(() -> part(from, to, done));
            } catch (RejectedExecutionException e) {
                failure = e;
                partDone(done);
            }
        }
    }

    private void part(int from, int to, MonoSink<Void> done) {
        try {
            if (state.get() == OPEN) {
                compute(from, to);
            }
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            partDone(done);
        }
    }

    private void partDone(MonoSink<Void> done) {
        if (partsLeft.decrementAndGet() != 0) {
            return;
        }
        Throwable problem = failure;
        if (problem != null) {
            done.error(problem);
        } else {
            done.success();
        }
        free();
    }

    private void compute(int from, int to) {
        FloatBuffer in = audio.audio();
        FloatBuffer out = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        int matrix = extractor.bins() * columns;
        RowWorker worker = workers.acquire();
        try {
            for (int b = from; b < to; b++) {
                for (int c = 0; c < channels; c++) {
                    read(in, b, c, worker.signal(lengths[b]));
                    out.put((b * channels + c) * matrix, worker.widened(lengths[b], columns, layout), 0, matrix);
                }
                if (masks != null) {
                    FeatureView item = new FeatureView(out, b * channels * matrix, channels, extractor.bins(), columns,
                            extractor.frames(lengths[b]), layout);
                    masked.set(b, masks.apply(item, audio.epoch(), sources[b], ordinals[b]));
                }
            }
        } finally {
            workers.release(worker);
        }
    }

    /** Item b's first {@code lengths[b]} samples of channel c. */
    private void read(FloatBuffer in, int b, int c, float[] signal) {
        int length = lengths[b];
        if (audio.layout() == Layout.BCT) {
            in.get((b * channels + c) * samples, signal, 0, length);
        } else if (channels == 1) {
            in.get(b * samples, signal, 0, length);
        } else {
            int at = b * samples * channels + c;
            for (int t = 0; t < length; t++) {
                signal[t] = in.get(at + t * channels);
            }
        }
    }

    /**
     * The feature batch, once every part is done, registered with the deliveries; null if the job
     * was closed first or the subscription has ended.
     */
    private FeatureBatch take() {
        if (!state.compareAndSet(OPEN, TAKEN)) {
            return null;
        }
        audio.release();
        int[] frameLengths = new int[items];
        for (int b = 0; b < items; b++) {
            frameLengths[b] = extractor.frames(lengths[b]);
        }
        FeatureBatch made = new FeatureBatch(pool, buffer, layout, channels, extractor.bins(), columns,
                audio.sampleRate(), audio.labels(), lengths, frameLengths, sources, ordinals,
                audio.checkpoint().orElse(null), audio.epoch(), augmentations(), audio.padding());
        audio.arrivalNanos().ifPresent(made::stampArrivalNanos);
        made.stampMetadata(audio.metadata());
        return deliveries.register(made) ? made : null;
    }

    /** The audio's augmentations of each item, followed by its masks. */
    private List<List<Applied>> augmentations() {
        if (masked == null) {
            return audio.augmentations();
        }
        List<List<Applied>> all = new ArrayList<>(items);
        for (int b = 0; b < items; b++) {
            List<Applied> item = new ArrayList<>(audio.augmentations().get(b));
            item.addAll(masked.get(b));
            all.add(List.copyOf(item));
        }
        return all;
    }

    /** Cancel, error, or the end of a taken job: frees the resources unless taken. */
    private void close() {
        if (state.compareAndSet(OPEN, CLOSED)) {
            free();
        }
    }

    /** Releases the audio and the buffer once the job is closed and no part runs; once. */
    private void free() {
        if (state.get() == CLOSED && partsLeft.get() == 0 && freed.compareAndSet(false, true)) {
            audio.release();
            pool.release(buffer);
        }
    }
}
