/**
 * Sample-format conversion kernels, free of Reactor: float32 at full scale 1.0 to and from
 * integer PCM (16, 24 and 32 bits, in arrays or little-endian bytes), with the rounding and
 * clipping stated in {@link io.reactiveaudio.dsp.convert.PcmConversion}.
 */
package io.reactiveaudio.dsp.convert;
