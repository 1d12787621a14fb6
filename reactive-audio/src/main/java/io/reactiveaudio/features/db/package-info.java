/** Decibel conversion of power and magnitude spectra, torchaudio's {@code AmplitudeToDB}. */
package io.reactiveaudio.features.db;
