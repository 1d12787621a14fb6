/**
 * Signal conditioning before feature extraction, free of Reactor: pre-emphasis (offline and
 * streaming), per-utterance mean and variance normalisation, and seeded dither.
 */
package io.reactiveaudio.dsp.conditioning;
