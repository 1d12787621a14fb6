package io.reactiveaudio.features.stft;

import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.PadMode;
import io.reactiveaudio.features.StftSettings;
import io.reactiveaudio.features.WindowFunction;
import java.util.Objects;

/**
 * The spectrogram {@code |STFT|^power}, {@code n_fft / 2 + 1} bins by frames: torchaudio's
 * {@code transforms.Spectrogram} with its parameter names and defaults ({@code n_fft} 400,
 * {@code win_length = n_fft}, {@code hop_length = win_length / 2}, periodic Hann, centred with
 * reflect padding, not normalized, {@code power} 2).
 *
 * <pre>{@code
 * FeatureExtractor power = Spectrogram.builder().nFft(512).hopLength(160).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; frame-local. Each {@link #newWorker() worker} holds an FFT plan and
 * {@code n_fft + bins} floats of scratch, and allocates nothing per call when {@code n_fft} is a
 * power of two (see {@link Stft} for other sizes).
 */
public final class Spectrogram implements FeatureExtractor {

    private final StftSettings stft;
    private final double power;
    private final Framer framer;

    private Spectrogram(StftSettings stft, double power) {
        Stft.requirePower(power);
        this.stft = Objects.requireNonNull(stft, "stft");
        this.power = power;
        this.framer = new Framer(stft);
    }

    /** A builder with torchaudio's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The spectrogram of these settings and exponent (2 power, 1 magnitude). */
    public static Spectrogram of(StftSettings stft, double power) {
        return new Spectrogram(stft, power);
    }

    /** The exponent of the magnitude: 2 for power, 1 for magnitude. */
    public double power() {
        return power;
    }

    /** The framer (settings and window) shared by the workers. */
    public Framer framer() {
        return framer;
    }

    @Override
    public int bins() {
        return stft.bins();
    }

    @Override
    public StftSettings stft() {
        return stft;
    }

    @Override
    public Spectrogram withStft(StftSettings settings) {
        return new Spectrogram(settings, power);
    }

    @Override
    public boolean frameLocal() {
        return true;
    }

    @Override
    public Worker newWorker() {
        Stft transform = new Stft(framer);
        float[] spectrum = new float[bins()];
        return (signal, offset, length, out, outOffset, layout) -> {
            int frames = checkCall(this, signal, offset, length, out, outOffset, layout);
            int bins = bins();
            for (int t = 0; t < frames; t++) {
                if (layout == FeatureLayout.FRAMES_BINS) {
                    transform.spectrum(signal, offset, length, t, power, out, outOffset + t * bins);
                } else {
                    transform.spectrum(signal, offset, length, t, power, spectrum, 0);
                    for (int k = 0; k < bins; k++) {
                        out[outOffset + k * frames + t] = spectrum[k];
                    }
                }
            }
        };
    }

    /**
     * Checks a {@link Worker#compute} call's arguments against an extractor and returns the frames.
     *
     * @throws IndexOutOfBoundsException if the signal range is outside {@code signal}
     * @throws IllegalArgumentException  if {@code out} is too small for the result
     */
    public static int checkCall(FeatureExtractor extractor, float[] signal, int offset, int length, float[] out,
                                int outOffset, FeatureLayout layout) {
        Objects.requireNonNull(layout, "layout");
        Objects.checkFromIndexSize(offset, length, signal.length);
        int frames = extractor.frames(length);
        long needed = (long) extractor.bins() * frames;
        if (outOffset < 0 || out.length - outOffset < needed) {
            throw new IllegalArgumentException("out holds " + (out.length - Math.max(outOffset, 0)) + " floats from "
                    + outOffset + ", " + extractor.bins() + " bins x " + frames + " frames need " + needed);
        }
        return frames;
    }

    @Override
    public String toString() {
        return "Spectrogram[" + describe(stft) + ", power=" + power + "]";
    }

    /** The settings in torchaudio's names, for messages. */
    public static String describe(StftSettings s) {
        return "n_fft=" + s.nFft() + ", win_length=" + s.winLength() + ", hop_length=" + s.hopLength()
                + ", window=" + s.window().name().toLowerCase() + (s.periodic() ? "" : " (symmetric)")
                + ", center=" + s.center() + (s.center() ? ", pad_mode=" + s.padMode().name().toLowerCase() : "")
                + (s.normalized() ? ", normalized=true" : "");
    }

    /**
     * An immutable builder: every setter returns a new builder. Unset {@code win_length} follows
     * {@code n_fft}, unset {@code hop_length} is {@code win_length / 2}.
     */
    public static final class Builder implements Cloneable {

        private int nFft = 400;
        private int winLength;
        private int hopLength;
        private WindowFunction window = WindowFunction.HANN;
        private boolean periodic = true;
        private boolean center = true;
        private PadMode padMode = PadMode.REFLECT;
        private boolean normalized;
        private double power = 2;

        private Builder() {
        }

        /** FFT size in samples ({@code n_fft}, default 400), at least 2. */
        public Builder nFft(int samples) {
            Builder b = copy();
            b.nFft = samples;
            return b;
        }

        /** Window length in samples ({@code win_length}, default {@code n_fft}), 1 .. n_fft. */
        public Builder winLength(int samples) {
            Builder b = copy();
            b.winLength = positive(samples, "win_length");
            return b;
        }

        /** Hop between frames in samples ({@code hop_length}, default {@code win_length / 2}), at least 1. */
        public Builder hopLength(int samples) {
            Builder b = copy();
            b.hopLength = positive(samples, "hop_length");
            return b;
        }

        /** The window function ({@code window_fn}, default Hann). */
        public Builder window(WindowFunction function) {
            Builder b = copy();
            b.window = Objects.requireNonNull(function, "window");
            return b;
        }

        /** Periodic (default, torch's) or symmetric window. */
        public Builder periodic(boolean periodicWindow) {
            Builder b = copy();
            b.periodic = periodicWindow;
            return b;
        }

        /** Whether frame t is centred on sample {@code t * hop_length} ({@code center}, default true). */
        public Builder center(boolean centred) {
            Builder b = copy();
            b.center = centred;
            return b;
        }

        /** The padding of a centred STFT ({@code pad_mode}, default reflect). */
        public Builder padMode(PadMode mode) {
            Builder b = copy();
            b.padMode = Objects.requireNonNull(mode, "pad_mode");
            return b;
        }

        /** Whether frames are scaled by {@code 1 / sqrt(sum w^2)} ({@code normalized}, default false). */
        public Builder normalized(boolean normalize) {
            Builder b = copy();
            b.normalized = normalize;
            return b;
        }

        /** The exponent of the magnitude ({@code power}, default 2: power; 1: magnitude), positive. */
        public Builder power(double exponent) {
            Stft.requirePower(exponent);
            Builder b = copy();
            b.power = exponent;
            return b;
        }

        /** The exponent set. */
        public double power() {
            return power;
        }

        /**
         * The STFT settings, defaults resolved.
         *
         * @throws IllegalArgumentException if {@code n_fft < 2} or {@code win_length > n_fft}
         */
        public StftSettings settings() {
            if (nFft < 2) {
                throw new IllegalArgumentException("n_fft must be at least 2, got " + nFft);
            }
            int win = winLength == 0 ? nFft : winLength;
            if (win > nFft) {
                throw new IllegalArgumentException("win_length " + win + " is longer than n_fft " + nFft);
            }
            int hop = hopLength == 0 ? Math.max(1, win / 2) : hopLength;
            return new StftSettings(nFft, win, hop, window, periodic, center, padMode, normalized);
        }

        /** The spectrogram. */
        public Spectrogram build() {
            return new Spectrogram(settings(), power);
        }

        private Builder copy() {
            try {
                return (Builder) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }

        private static int positive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, got " + value);
            }
            return value;
        }
    }
}
