package io.reactiveaudio.features.stream;

import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.PadMode;
import io.reactiveaudio.features.StftSettings;
import java.util.Objects;

/**
 * A frame-local feature extractor run over an endless mono signal given in chunks of any size:
 * the frames it returns, in order, equal (to float rounding) the frames the extractor computes
 * offline on the whole signal, whatever the chunking. A kernel without Reactor: push a chunk,
 * get the frames it completes; {@link #finish} at the end of the signal.
 *
 * <p><b>Centring.</b> When the extractor's STFT is centred, the stream pads its start itself, the
 * way offline centring does ({@link PadMode}): constant padding at once, edge padding after the
 * first sample, reflect padding after the first {@code n_fft / 2 + 1} samples, so the first frame
 * is no later than offline framing allows. {@link #finish} pads the end from the last
 * {@code n_fft / 2 + 1} samples. Frames are computed on the extractor with {@code center = false}
 * over the padded stream. A stream that ends before its start padding was known (reflect padding
 * and at most {@code n_fft / 2} samples) is computed by the centred extractor on those samples at
 * {@link #finish}; a stream of no samples gives no frame. Uncentred, a stream's last samples that
 * fill no whole frame give none, as offline.
 *
 * <p><b>Output.</b> Frames go to the caller's array one after another, each frame's
 * {@link #bins()} values contiguous ({@link FeatureLayout#FRAMES_BINS}); {@link #framesAfter}
 * and {@link #framesAtFinish} say exactly how many a call will write.
 *
 * <p><b>Memory.</b> Fixed at construction: fewer than {@code n_fft} samples not yet framed, one
 * frame of scratch, {@code n_fft / 2 + 1} recent samples for the end padding and as many for the
 * start; nothing is allocated per push.
 *
 * <p>Not thread-safe: one stream, pushed from one thread at a time (or with happens-before
 * between calls, as a Reactor operator's serial signals give).
 */
public final class StreamingExtractor {

    private final FeatureExtractor centred;
    private final FeatureExtractor.Worker worker;
    private final int nFft;
    private final int hop;
    private final int bins;
    private final boolean center;
    private final PadMode padMode;
    private final int pad;
    /** Samples the start padding needs: n_fft / 2 + 1 (reflect), 1 (edge), 0 (constant). */
    private final int lead;
    /** The padded stream from {@code next}, the start of the next frame, to its end ({@code held} samples). */
    private final float[] tail;
    private final float[] frame;
    private final float[] padding;
    private final float[] start;
    private final float[] recent;
    private int held;
    private int started;
    private boolean prefixed;
    private long raw;
    private long written;
    private long next;
    private long frames;
    private boolean finished;

    /**
     * A stream over {@code extractor}'s features.
     *
     * @throws IllegalArgumentException if the extractor is not {@link FeatureExtractor#frameLocal() frame-local}
     */
    public StreamingExtractor(FeatureExtractor extractor) {
        Objects.requireNonNull(extractor, "extractor");
        requireFrameLocal(extractor);
        StftSettings stft = extractor.stft();
        this.centred = extractor;
        this.worker = extractor.withStft(stft.withCenter(false, stft.padMode())).newWorker();
        this.nFft = stft.nFft();
        this.hop = stft.hopLength();
        this.bins = extractor.bins();
        this.center = stft.center();
        this.padMode = stft.padMode();
        this.pad = center ? nFft / 2 : 0;
        this.lead = !center ? 0 : switch (padMode) {
            case REFLECT -> pad + 1;
            case EDGE -> 1;
            case CONSTANT -> 0;
        };
        this.tail = new float[nFft];
        this.frame = new float[nFft];
        this.padding = new float[pad];
        this.start = new float[lead];
        this.recent = new float[pad + 1];
        this.prefixed = !center;
    }

    /**
     * Refuses an extractor whose frames depend on more than their own window.
     *
     * @throws IllegalArgumentException if {@code extractor.frameLocal()} is false
     */
    static void requireFrameLocal(FeatureExtractor extractor) {
        if (!extractor.frameLocal()) {
            throw new IllegalArgumentException("the extractor " + extractor + " is not frame-local (a value depends on"
                    + " the whole clip, as a top_db clamp does): its features cannot be computed on an endless stream;"
                    + " use one without clip-wide steps");
        }
    }

    /** Values per frame: the extractor's bins. */
    public int bins() {
        return bins;
    }

    /** Frames returned so far. */
    public long frames() {
        return frames;
    }

    /** Samples held for frames not yet complete: always fewer than {@code n_fft}. */
    public int buffered() {
        return held + (prefixed ? 0 : started);
    }

    /** Exactly how many frames {@link #push} of {@code samples} more samples returns now. */
    public int framesAfter(int samples) {
        if (samples < 0) {
            throw new IllegalArgumentException("samples must not be negative: " + samples);
        }
        if (!prefixed) {
            if (started + samples < lead) {
                return 0;
            }
            return framesUpTo((long) pad + started + samples);
        }
        return framesUpTo(written + samples);
    }

    /** Exactly how many frames {@link #finish} returns now. */
    public int framesAtFinish() {
        if (!center) {
            return 0;
        }
        if (!prefixed) {
            return started == 0 ? 0 : centred.frames(started);
        }
        return framesUpTo(written + pad);
    }

    /**
     * Starts a new stream on the same extractor, as a new instance would (frames counted from 0
     * again, nothing held), keeping the FFT plan and scratch: the cheap way to restart after a gap.
     * Allowed at any time, also after {@link #finish}.
     */
    public void restart() {
        held = 0;
        started = 0;
        prefixed = !center;
        raw = 0;
        written = 0;
        next = 0;
        frames = 0;
        finished = false;
    }

    /**
     * Appends {@code samples[offset .. offset + length)} to the stream and writes the frames they
     * complete to {@code out} from {@code outOffset}, {@link #bins()} floats per frame.
     *
     * @return the frames written, {@link #framesAfter framesAfter(length)}
     * @throws IllegalArgumentException if {@code out} cannot hold them
     * @throws IllegalStateException after {@link #finish}
     */
    public int push(float[] samples, int offset, int length, float[] out, int outOffset) {
        Objects.checkFromIndexSize(offset, length, samples.length);
        if (finished) {
            throw new IllegalStateException("the stream has finished");
        }
        requireRoom(framesAfter(length), out, outOffset);
        if (length == 0) {
            return 0;
        }
        remember(samples, offset, length);
        int count = 0;
        int from = offset;
        int left = length;
        if (!prefixed) {
            int take = Math.min(left, lead - started);
            System.arraycopy(samples, from, start, started, take);
            started += take;
            from += take;
            left -= take;
            if (started < lead) {
                return 0;
            }
            prefix();
            count += feed(padding, 0, pad, out, outOffset);
            count += feed(start, 0, started, out, outOffset + count * bins);
        }
        count += feed(samples, from, left, out, outOffset + count * bins);
        frames += count;
        return count;
    }

    /**
     * Ends the stream: pads its end when centred and writes the last frames to {@code out} from
     * {@code outOffset}. Later pushes fail.
     *
     * @return the frames written, {@link #framesAtFinish()}
     * @throws IllegalArgumentException if {@code out} cannot hold them
     * @throws IllegalStateException if the stream has already finished
     */
    public int finish(float[] out, int outOffset) {
        if (finished) {
            throw new IllegalStateException("the stream has finished");
        }
        int count = framesAtFinish();
        requireRoom(count, out, outOffset);
        finished = true;
        if (!center) {
            return 0;
        }
        if (!prefixed) {
            if (started > 0) {
                centred.newWorker().compute(start, 0, started, out, outOffset, FeatureLayout.FRAMES_BINS);
            }
        } else {
            for (int j = 0; j < pad; j++) {
                padding[j] = switch (padMode) {
                    case REFLECT -> recentSample(raw - 2 - j);
                    case EDGE -> recentSample(raw - 1);
                    case CONSTANT -> 0f;
                };
            }
            feed(padding, 0, pad, out, outOffset);
        }
        frames += count;
        return count;
    }

    /** The start padding, from the first samples held in {@code start}. */
    private void prefix() {
        for (int i = 0; i < pad; i++) {
            padding[i] = switch (padMode) {
                case REFLECT -> start[pad - i];
                case EDGE -> start[0];
                case CONSTANT -> 0f;
            };
        }
        prefixed = true;
    }

    /** Frames of the padded stream complete once it has {@code total} samples, from {@code next} on. */
    private int framesUpTo(long total) {
        return next + nFft > total ? 0 : (int) ((total - nFft - next) / hop + 1);
    }

    /**
     * Appends samples to the padded stream and computes the frames they complete: first those that
     * straddle the held tail and the new samples (assembled one by one in scratch), then those
     * inside the new samples in one call; keeps what the next frame needs.
     */
    private int feed(float[] samples, int offset, int length, float[] out, int outOffset) {
        long first = written;
        long end = written + length;
        int count = 0;
        while (next < first && next + nFft <= end) {
            int fromTail = (int) (first - next);
            System.arraycopy(tail, held - fromTail, frame, 0, fromTail);
            System.arraycopy(samples, offset, frame, fromTail, nFft - fromTail);
            worker.compute(frame, 0, nFft, out, outOffset + count * bins, FeatureLayout.FRAMES_BINS);
            count++;
            next += hop;
        }
        if (next >= first && next + nFft <= end) {
            int k = (int) ((end - next - nFft) / hop + 1);
            worker.compute(samples, offset + (int) (next - first), nFft + (k - 1) * hop, out,
                    outOffset + count * bins, FeatureLayout.FRAMES_BINS);
            count += k;
            next += (long) k * hop;
        }
        if (next >= end) {
            held = 0;
        } else if (next >= first) {
            held = (int) (end - next);
            System.arraycopy(samples, offset + (int) (next - first), tail, 0, held);
        } else {
            int fromTail = (int) (first - next);
            System.arraycopy(tail, held - fromTail, tail, 0, fromTail);
            System.arraycopy(samples, offset, tail, fromTail, length);
            held = fromTail + length;
        }
        written = end;
        return count;
    }

    /** Keeps the last {@code n_fft / 2 + 1} raw samples, for the end padding. */
    private void remember(float[] samples, int offset, int length) {
        int size = recent.length;
        for (int i = Math.max(0, length - size); i < length; i++) {
            recent[(int) ((raw + i) % size)] = samples[offset + i];
        }
        raw += length;
    }

    /** Raw sample number {@code index}, one of the last {@code n_fft / 2 + 1}. */
    private float recentSample(long index) {
        return recent[(int) (index % recent.length)];
    }

    private void requireRoom(int count, float[] out, int outOffset) {
        if (outOffset < 0 || out.length - outOffset < count * bins) {
            throw new IllegalArgumentException("out holds " + (out.length - Math.max(outOffset, 0)) + " floats from "
                    + outOffset + ", " + count + " frames of " + bins + " need " + count * bins);
        }
    }
}
