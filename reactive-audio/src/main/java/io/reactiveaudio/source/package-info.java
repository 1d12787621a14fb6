/**
 * Corpus sources: which files a pipeline reads, in which order, with which labels.
 *
 * <p>{@link io.reactiveaudio.source.Sources} lists a folder tree, a list of files or a manifest
 * into a {@link io.reactiveaudio.source.SourceSet} of
 * {@link io.reactiveaudio.audio.AudioSource} items whose indices are stable: the same corpus
 * listed again, on any machine and in any locale, gives every file the same index and every label
 * the same number, so random draws keyed by the index are reproducible.
 */
package io.reactiveaudio.source;
