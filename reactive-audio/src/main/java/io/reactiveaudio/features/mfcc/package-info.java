/**
 * Mel-frequency cepstral coefficients as torchaudio computes them: the DCT-II
 * ({@link io.reactiveaudio.features.mfcc.Dct}), the mel-to-cepstrum kernel
 * ({@link io.reactiveaudio.features.mfcc.MfccTransform}) and the
 * {@link io.reactiveaudio.features.mfcc.Mfcc} extractor.
 */
package io.reactiveaudio.features.mfcc;
