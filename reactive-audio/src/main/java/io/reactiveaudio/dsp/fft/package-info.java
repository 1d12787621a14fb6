/** Real FFT plans (JTransforms, single-threaded) and packed-spectrum arithmetic. */
package io.reactiveaudio.dsp.fft;
