package io.reactiveaudio.dsp.convolve;

import java.util.Arrays;
import org.jtransforms.fft.DoubleFFT_1D;
import io.reactiveaudio.dsp.fft.RealFft;

/**
 * Linear convolution {@code y[n] = sum_k h[k] x[n - k]} of interleaved audio with a mono kernel
 * (an impulse response), computed with one real FFT of the next power of two at or above
 * {@code frames + kernel - 1} per channel, in double precision: equal to the direct sum within
 * about 1e-6 of the output's peak, in O(n log n) instead of O(n m).
 *
 * <p>Transforms run on the calling thread only ({@link RealFft}), so the call may run on
 * {@code Schedulers.parallel()}. Stateless and thread-safe;
 * allocates its work arrays per call.
 */
public final class FftConvolution {

    private FftConvolution() {
    }

    /**
     * Convolves each channel of {@code samples} with {@code kernel} and returns the first
     * {@code outputFrames} frames of the result (the full result has {@code frames + kernel.length - 1}).
     *
     * @param samples interleaved samples, a whole number of frames
     * @param channels channel count
     * @param kernel the mono impulse response, at least one sample
     * @param outputFrames how many frames of the result to return, at least 1
     * @throws IllegalArgumentException for an empty kernel or a bad frame count
     */
    public static float[] convolve(float[] samples, int channels, float[] kernel, int outputFrames) {
        if (kernel.length == 0 || channels < 1 || samples.length % channels != 0 || outputFrames < 1) {
            throw new IllegalArgumentException("need a kernel, channels >= 1, whole frames and outputFrames >= 1");
        }
        int frames = samples.length / channels;
        int size = RealFft.powerOfTwoAtLeast(frames + kernel.length - 1);
        DoubleFFT_1D fft = RealFft.plan(size);
        double[] h = new double[size];
        for (int k = 0; k < kernel.length; k++) {
            h[k] = kernel[k];
        }
        fft.realForward(h);
        double[] x = new double[size];
        float[] out = new float[outputFrames * channels];
        int copied = Math.min(outputFrames, size);
        for (int c = 0; c < channels; c++) {
            Arrays.fill(x, 0);
            for (int t = 0; t < frames; t++) {
                x[t] = samples[t * channels + c];
            }
            fft.realForward(x);
            RealFft.multiplyPacked(x, h);
            fft.realInverse(x, true);
            for (int t = 0; t < copied; t++) {
                out[t * channels + c] = (float) x[t];
            }
        }
        return out;
    }
}
