/**
 * Mel features as torchaudio computes them: {@link io.reactiveaudio.features.mel.MelFilterBank}
 * (htk or slaney scale, no or slaney norm, sparse), and the
 * {@link io.reactiveaudio.features.mel.MelSpectrogram} and {@link io.reactiveaudio.features.mel.LogMel}
 * extractors.
 */
package io.reactiveaudio.features.mel;
