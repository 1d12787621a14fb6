/**
 * Streaming shuffles: reordering a stream within a bounded window, reproducibly.
 *
 * <p>{@link io.reactiveaudio.shuffle.ShuffleWindow} holds at most {@code size} items. Item
 * {@code k} of an epoch's stream draws from {@code KeyedRandom.of(seed, epoch, k, SHUFFLE)}; once
 * the window is full, each arrival joins the resident items and one of the {@code size + 1}
 * candidates, chosen uniformly, is emitted, so every candidate, the newcomer included, leaves with
 * probability {@code 1 / (size + 1)} whatever its age (tf.data and torchdata emit one of the
 * {@code size} old items and only then insert the newcomer). The first {@code initialFill} items
 * only fill the window; a smaller fill lets the first item out sooner, after which every second
 * arrival emits until the window is full. When upstream ends after {@code k_end} items, the rest
 * follow in a uniformly random order drawn from {@code KeyedRandom.of(seed, epoch, k_end, SHUFFLE)}.
 * The output depends only on the input order, seed and epoch, never on threads or demand.
 */
package io.reactiveaudio.shuffle;
