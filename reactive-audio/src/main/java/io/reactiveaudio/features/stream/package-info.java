/**
 * Features of endless live audio: {@link io.reactiveaudio.features.stream.StreamingExtractor}, a
 * plain kernel (push a chunk, get the frames it completes), and
 * {@link io.reactiveaudio.features.stream.StreamingFeatures}, the same as a Reactor operator; both
 * give the frames the extractor computes offline on the whole signal, whatever the chunk sizes.
 */
package io.reactiveaudio.features.stream;
