/**
 * SpecAugment: masks of frequency bands and time frames drawn per item and applied to features
 * ({@link io.reactiveaudio.augment.spec.FrequencyMask}, {@link io.reactiveaudio.augment.spec.TimeMask}),
 * chained by {@link io.reactiveaudio.augment.spec.SpecAugment} and run by the features operator.
 */
package io.reactiveaudio.augment.spec;
