/**
 * Sample-rate conversion kernels, free of Reactor: plain float arrays in and out.
 *
 * <p>A {@link io.reactiveaudio.dsp.resample.ResampleRatio} reduces two rates to {@code up / down};
 * a {@link io.reactiveaudio.dsp.resample.PolyphaseFilter} is the shared, immutable Kaiser-windowed
 * sinc for that ratio (flat within ±0.1 dB to 0.9 × the lower Nyquist frequency, 90 dB down from
 * it on); a {@link io.reactiveaudio.dsp.resample.PolyphaseResampler} is the per-stream state that
 * applies it to interleaved audio in chunks of any size.
 */
package io.reactiveaudio.dsp.resample;
