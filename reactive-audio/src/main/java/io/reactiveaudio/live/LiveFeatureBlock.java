package io.reactiveaudio.live;

import io.reactiveaudio.features.stream.FeatureFrames;

/**
 * Feature frames computed from a live stream by {@link LiveFeatures}: the frames one chunk
 * completed, within a feature stream that started at stream position {@code streamStart} (the first
 * position after the last gap), so frame {@code t} of the stream is centred on (centred STFT) or
 * starts at (uncentred) stream position {@code streamStart + t * hop_length}.
 *
 * @param frames       the frames, {@code frames.firstFrame()} counted from {@code streamStart}
 * @param streamStart  stream position, in frames, where this feature stream started
 * @param arrivalNanos arrival time of the chunk that completed these frames
 */
public record LiveFeatureBlock(FeatureFrames frames, long streamStart, long arrivalNanos) {
}
