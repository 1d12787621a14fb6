/**
 * Short-time Fourier transforms as torch computes them: {@link io.reactiveaudio.features.stft.Framer}
 * (centring, pad modes, windows shorter than {@code n_fft}), the per-thread kernel
 * {@link io.reactiveaudio.features.stft.Stft} (JTransforms real FFT, power, magnitude or complex
 * bins) and the {@link io.reactiveaudio.features.stft.Spectrogram} extractor.
 */
package io.reactiveaudio.features.stft;
