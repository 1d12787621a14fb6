package io.reactiveaudio.pipeline;

import io.reactiveaudio.augment.Augment;

/**
 * The worst-case memory an {@link AudioPipeline} holds while it runs, in bytes, by the bound that
 * sets it. Samples of sources whose channel count the pipeline does not fix are counted as
 * {@link #channels()} channels; JVM overhead and the decoders' own small buffers are not counted.
 *
 * @param window the shuffle window: {@code shuffle × frames × channels × (4, or 2 in 16-bit mode)}
 * @param decode per lane: the decode prefetch and CPU queue of chunks, the merge prefetch, the
 *     segment being cut
 * @param gather the segments the batcher gathers for one batch, and those being augmented
 *     ({@link Augment#DEFAULT_CONCURRENCY}) when the pipeline augments
 * @param pool the batch buffer pool (direct memory): {@code poolSize × batch × frames × channels × 4}
 * @param remoteReadAhead for a corpus with shards on a server (HTTP(S), S3): the bytes read ahead of
 *     the decoders, {@code 2 × lanes × ByteSources.REMOTE_READ_AHEAD_BYTES} (per lane one open remote
 *     stream and one parked by a far seek, see {@code ByteInput}, each holding at most that much);
 *     0 for local files and shards
 * @param features with a feature extractor ({@code featureFlux()}): the feature buffer pool (direct
 *     memory), {@code poolSize × batch × channels × bins × extractor.frames(frames) × 4}, and the
 *     workers' scratch, {@code (frames + bins × extractor.frames(frames)) × 4} per parallel thread;
 *     0 without one
 * @param channels the channel count the figures assume
 */
public record MemoryEstimate(long window, long decode, long gather, long pool, long remoteReadAhead, long features,
                             int channels) {

    /** The sum of the parts. */
    public long total() {
        return window + decode + gather + pool + remoteReadAhead + features;
    }

    /**
     * Why a pipeline over {@code budget} bytes is refused, naming the biggest part and the knob
     * that shrinks it.
     */
    String refusal(long budget) {
        String advice;
        long biggest = Math.max(Math.max(Math.max(window, decode), Math.max(gather, pool)),
                Math.max(features, remoteReadAhead));
        if (biggest == window) {
            advice = "lower shuffle(n) or the frames per segment, or store the window as WindowPrecision.INT16";
        } else if (biggest == pool) {
            advice = "lower poolSize(n) or batch(n)";
        } else if (biggest == features) {
            advice = "lower poolSize(n) or batch(n), or make fewer feature frames or bins (hop_length, n_mels)";
        } else if (biggest == decode) {
            advice = "lower lanes(n) or the decode prefetch";
        } else if (biggest == remoteReadAhead) {
            advice = "lower lanes(n)";
        } else {
            advice = "lower batch(n) or the frames per segment";
        }
        return "the pipeline may hold " + mb(total()) + " MB, over the budget of " + mb(budget) + " MB (" + this
                + "): " + advice;
    }

    @Override
    public String toString() {
        return "window " + mb(window) + " MB, decode " + mb(decode) + " MB, gather " + mb(gather) + " MB, pool "
                + mb(pool) + " MB, remote read-ahead " + mb(remoteReadAhead) + " MB, features " + mb(features)
                + " MB, at " + channels + " channels";
    }

    private static long mb(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
