/** Delta coefficients of feature matrices, torchaudio's {@code compute_deltas}. */
package io.reactiveaudio.features.deltas;
