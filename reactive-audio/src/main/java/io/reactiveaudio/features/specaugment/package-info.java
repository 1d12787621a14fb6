/**
 * SpecAugment: masks of frequency bands and time frames drawn per item and applied to features
 * ({@link io.reactiveaudio.features.specaugment.FrequencyMasking}, {@link io.reactiveaudio.features.specaugment.TimeMasking}),
 * chained by {@link io.reactiveaudio.features.specaugment.SpecAugment} and run by the features operator.
 */
package io.reactiveaudio.features.specaugment;
