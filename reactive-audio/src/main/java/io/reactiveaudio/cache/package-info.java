/**
 * The decoded-audio cache: each file is decoded once and served from memory or from a
 * PCM file on disk on later reads (later epochs, later runs).
 *
 * <p>{@link io.reactiveaudio.cache.DecodedAudioCache} is the entry point; the pipeline's decode
 * stage uses it through {@code Decode.cache(...)} or {@code AudioPipeline.cache(dir, maxBytes)}.
 * A cache problem (full disk, unreadable directory, a file failing its checksum) never fails a
 * stream: the file is decoded again, and the problem is a {@link io.reactiveaudio.cache.CacheEvent}
 * naming the source, counted in {@link io.reactiveaudio.cache.CacheStats}.
 */
package io.reactiveaudio.cache;
