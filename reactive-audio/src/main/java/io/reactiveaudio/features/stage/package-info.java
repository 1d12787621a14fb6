/**
 * Features as pipeline stages: operators for {@code Flux.transform} that compute a
 * {@link io.reactiveaudio.features.FeatureExtractor}'s features on {@code parallel()} threads and
 * keep the input order: {@link io.reactiveaudio.features.stage.ClipFeatures} for mono clips,
 * {@link io.reactiveaudio.features.stage.SegmentFeatures} for segments,
 * {@link io.reactiveaudio.features.stage.BatchFeatures} for batches, which gives pooled
 * {@link io.reactiveaudio.features.stage.FeatureBatch}es.
 */
package io.reactiveaudio.features.stage;
