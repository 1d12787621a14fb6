/**
 * Linear convolution of long signals by FFT (overlap of nothing: one transform of the whole
 * signal), free of Reactor: plain float arrays in and out.
 */
package io.reactiveaudio.dsp.convolve;
