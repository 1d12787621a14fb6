package io.reactiveaudio.random;

import java.util.SplittableRandom;

/**
 * Random generators keyed by what a draw is about, never by when it happens: (seed, epoch, item
 * index, stage). The same key always gives the same sequence, so results do not depend on thread
 * timing or concurrency, and a run can resume mid-epoch by re-deriving the generators it needs.
 *
 * <p>Keys are combined with the SplitMix64 finaliser, one component at a time, so neighbouring
 * keys (index 7 and 8, epoch 0 and 1) give unrelated sequences. Stateless and thread-safe; the
 * returned generators are not thread-safe (one per draw site).
 */
public final class KeyedRandom {

    private KeyedRandom() {
    }

    /**
     * The generator for one item of one epoch at one pipeline stage.
     *
     * @param seed the run's seed
     * @param epoch the epoch, from 0
     * @param index the item's index (a source index, or a frame's position in the epoch's stream)
     * @param stage which random decision this is (framing, shuffling, an augmentation...), so
     *     stages keyed by the same item draw independently
     */
    public static SplittableRandom of(long seed, long epoch, long index, Stage stage) {
        return new SplittableRandom(key(seed, epoch, index, stage.ordinal()));
    }

    /** The 64-bit key {@link #of} seeds its generator with. */
    public static long key(long seed, long epoch, long index, long stage) {
        long h = mix(seed + 0x9E3779B97F4A7C15L);
        h = mix(h ^ mix(epoch + 0x632BE59BD9B4E019L));
        h = mix(h ^ mix(index + 0xD1B54A32D192ED03L));
        return mix(h ^ mix(stage + 0xAEF17502108EF2D9L));
    }

    /** The SplitMix64 finaliser: a bijection on 64 bits with full avalanche. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The random decisions of a pipeline, each drawing from its own keyed generator. */
    public enum Stage {
        /** Order of the sources within an epoch. */
        FILE_ORDER,
        /** Where frames start in a file (random prepend, random crops). */
        FRAMING,
        /** Which resident item the shuffle window emits. */
        SHUFFLE,
        /** Augmentation parameters. */
        AUGMENT,
        /** Spectrogram masks (SpecAugment) on features. */
        SPEC_AUGMENT
    }
}
