package io.reactiveaudio.pipeline;

import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.augment.Augmentation;
import io.reactiveaudio.batch.Layout;
import io.reactiveaudio.checkpoint.Checkpoint;
import io.reactiveaudio.conform.Conform;
import io.reactiveaudio.decode.Autotune;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.specaugment.SpecAugment;
import io.reactiveaudio.framing.Framing;
import io.reactiveaudio.framing.RandomPrepend;
import io.reactiveaudio.source.SourceSet;
import java.util.List;

/**
 * The settings behind an {@link AudioPipeline}. Mutable only while a setter fills a fresh
 * {@link #copy()}; an {@code AudioPipeline} holds it in a final field and never changes it after.
 */
final class PipelineSettings implements Cloneable {

    SourceSet sources;
    Decode decode = Decode.defaults();
    Conform conform;
    Framing framing = RandomPrepend.of(196_608);
    int shuffle = 1_000;
    int initialFill = 1_000;
    int growth = io.reactiveaudio.shuffle.ShuffleWindow.DEFAULT_GROWTH;
    int batch = 32;
    Layout layout = Layout.BTC;
    int poolSize = io.reactiveaudio.batch.Batcher.DEFAULT_POOL_SIZE;
    boolean dropLast = true;
    long seed;
    long epochs = Long.MAX_VALUE;
    long firstEpoch;
    int lanes = AudioPipeline.DEFAULT_LANES;
    boolean int16Window;
    int rank;
    int worldSize = 1;
    ShardReport shardReport = new ShardReport();
    /** Shared by every copy, so that a pipeline's copies read the files' headers once. */
    HeaderFrames headerFrames = new HeaderFrames();
    long memoryBudget = Long.MAX_VALUE;
    Checkpoint resume;
    FeatureExtractor features;
    FeatureLayout featureLayout = FeatureLayout.BINS_FRAMES;
    Autotune autotune;
    List<Augmentation> augmentations = List.of();
    SpecAugment specAugment;

    PipelineSettings copy() {
        try {
            return (PipelineSettings) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A 64-bit FNV-1a hash of everything that decides which batches come out and in what order:
     * the sources, seed, framing, window, batch size, lanes, sharding (and, for several ranks, that
     * ranks take ranges of segments, so that checkpoints of the former file-by-file sharding are
     * refused) and conform settings. Decode
     * threads, layout, pool size and features do not change which audio the batches hold and are
     * left out; so are the augmentations, which change the audio but not the order, and draw by
     * key, so a run resumed with the same ones redoes the same draws (and one may change them).
     */
    long fingerprint() {
        StringBuilder text = new StringBuilder(64 + 48 * sources.size());
        text.append(seed).append('|').append(framing).append('|').append(shuffle).append('|').append(initialFill)
                .append('|').append(growth).append('|').append(batch).append('|').append(dropLast).append('|')
                .append(lanes).append('|').append(int16Window).append('|').append(rank).append('/').append(worldSize)
                .append(worldSize > 1 ? " ranges" : "")
                .append('|').append(conform == null ? "native" : conform.sampleRate() + ":" + conform.channels());
        for (AudioSource source : sources.sources()) {
            text.append('|').append(source.index()).append(':').append(source.path()).append(':')
                    .append(source.offsetSeconds()).append(':').append(source.durationSeconds());
        }
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            hash = (hash ^ text.charAt(i)) * 0x100000001b3L;
        }
        return hash;
    }
}
