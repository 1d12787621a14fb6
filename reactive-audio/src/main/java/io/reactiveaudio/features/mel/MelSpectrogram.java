package io.reactiveaudio.features.mel;

import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.PadMode;
import io.reactiveaudio.features.StftSettings;
import io.reactiveaudio.features.WindowFunction;
import io.reactiveaudio.features.stft.Spectrogram;
import io.reactiveaudio.features.stft.Stft;
import java.util.Objects;

/**
 * The mel spectrogram, {@code n_mels} bands by frames: a {@link Spectrogram} filtered by a
 * {@link MelFilterBank}, torchaudio's {@code transforms.MelSpectrogram} with its parameter names and
 * defaults ({@code sample_rate} 16000, {@code n_fft} 400, {@code hop_length = win_length / 2},
 * {@code f_min} 0, {@code f_max = sample_rate / 2}, {@code n_mels} 128, {@code power} 2,
 * {@code norm} none, {@code mel_scale} htk; centred with reflect padding).
 *
 * <pre>{@code
 * FeatureExtractor mel = MelSpectrogram.builder().nFft(1024).hopLength(160).nMels(80).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; frame-local. Each {@link #newWorker() worker} holds an FFT plan and
 * {@code n_fft + n_fft / 2 + 1} floats of scratch; the filters touch only their non-zero bins. At
 * power 2 and an {@code n_fft} of {@link Stft#blocks() block} size (400, 480, ...) a worker takes
 * 32 frames at a time ({@link Stft#powerBlock}, {@link MelFilterBank#applyLanes}), with scratch of
 * about {@code 3.5 n_fft * 32} floats more, and gives bit for bit the mels of one frame at a time.
 */
public final class MelSpectrogram implements FeatureExtractor {

    private final Spectrogram spectrogram;
    private final int sampleRate;
    private final double fMin;
    private final double fMax;
    private final MelNorm norm;
    private final MelScale scale;
    private final MelFilterBank bank;

    private MelSpectrogram(Spectrogram spectrogram, int sampleRate, double fMin, double fMax, int mels,
                           MelNorm norm, MelScale scale) {
        this(spectrogram, sampleRate, fMin, fMax, norm, scale,
                MelFilterBank.of(spectrogram.bins(), fMin, fMax, mels, sampleRate, norm, scale));
    }

    private MelSpectrogram(Spectrogram spectrogram, int sampleRate, double fMin, double fMax, MelNorm norm,
                           MelScale scale, MelFilterBank bank) {
        this.spectrogram = spectrogram;
        this.sampleRate = sampleRate;
        this.fMin = fMin;
        this.fMax = fMax;
        this.norm = norm;
        this.scale = scale;
        this.bank = bank;
    }

    /** A builder with torchaudio's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The spectrogram the filters apply to. */
    public Spectrogram spectrogram() {
        return spectrogram;
    }

    /** The filter bank. */
    public MelFilterBank filterBank() {
        return bank;
    }

    /** The sample rate in Hz. */
    public int sampleRate() {
        return sampleRate;
    }

    /** The exponent of the spectrogram: 2 power, 1 magnitude. */
    public double power() {
        return spectrogram.power();
    }

    @Override
    public int bins() {
        return bank.mels();
    }

    @Override
    public StftSettings stft() {
        return spectrogram.stft();
    }

    /** {@inheritDoc} The filter bank is shared when the bins stay the same (another hop or centring). */
    @Override
    public MelSpectrogram withStft(StftSettings settings) {
        Spectrogram changed = spectrogram.withStft(settings);
        if (changed.bins() == spectrogram.bins()) {
            return new MelSpectrogram(changed, sampleRate, fMin, fMax, norm, scale, bank);
        }
        return new MelSpectrogram(changed, sampleRate, fMin, fMax, bank.mels(), norm, scale);
    }

    @Override
    public boolean frameLocal() {
        return true;
    }

    @Override
    public Worker newWorker() {
        Stft transform = new Stft(spectrogram.framer());
        float[] spectrum = new float[spectrogram.bins()];
        double power = spectrogram.power();
        boolean blocks = transform.blocks() && power == 2;
        float[] block = blocks ? new float[spectrum.length * Stft.LANES] : null;
        float[] sums = blocks ? new float[Stft.LANES] : null;
        return (signal, offset, length, out, outOffset, layout) -> {
            int frames = Spectrogram.checkCall(this, signal, offset, length, out, outOffset, layout);
            boolean rows = layout == FeatureLayout.BINS_FRAMES;
            int mels = bank.mels();
            int t = 0;
            if (blocks) {
                for (; t + Stft.LANES <= frames; t += Stft.LANES) {
                    transform.powerBlock(signal, offset, length, t, block);
                    bank.applyLanes(block, Stft.LANES, out, outOffset + (rows ? t : t * mels), rows ? frames : 1,
                            rows ? 1 : mels, sums);
                }
            }
            for (; t < frames; t++) {
                transform.spectrum(signal, offset, length, t, power, spectrum, 0);
                bank.apply(spectrum, 0, out, outOffset + (rows ? t : t * mels), rows ? frames : 1);
            }
        };
    }

    @Override
    public String toString() {
        return "MelSpectrogram[" + describe() + "]";
    }

    /** The settings in torchaudio's names, for messages. */
    String describe() {
        return "sample_rate=" + sampleRate + ", " + Spectrogram.describe(stft()) + ", power=" + power()
                + ", n_mels=" + bank.mels() + ", f_min=" + fMin + ", f_max=" + fMax
                + ", norm=" + norm.name().toLowerCase() + ", mel_scale=" + scale.name().toLowerCase();
    }

    /**
     * An immutable builder: every setter returns a new builder. Unset {@code win_length} follows
     * {@code n_fft}, unset {@code hop_length} is {@code win_length / 2}, unset {@code f_max} is
     * {@code sample_rate / 2}.
     */
    public static final class Builder implements Cloneable {

        private Spectrogram.Builder stft = Spectrogram.builder();
        private int sampleRate = 16_000;
        private double fMin;
        private double fMax = Double.NaN;
        private int nMels = 128;
        private MelNorm norm = MelNorm.NONE;
        private MelScale melScale = MelScale.HTK;

        private Builder() {
        }

        /** Sample rate of the signal in Hz ({@code sample_rate}, default 16000), at least 1. */
        public Builder sampleRate(int hz) {
            if (hz < 1) {
                throw new IllegalArgumentException("sample_rate must be at least 1 Hz, got " + hz);
            }
            Builder b = copy();
            b.sampleRate = hz;
            return b;
        }

        /** FFT size in samples ({@code n_fft}, default 400), at least 2. */
        public Builder nFft(int samples) {
            return withStft(stft.nFft(samples));
        }

        /** Window length in samples ({@code win_length}, default {@code n_fft}). */
        public Builder winLength(int samples) {
            return withStft(stft.winLength(samples));
        }

        /** Hop between frames in samples ({@code hop_length}, default {@code win_length / 2}). */
        public Builder hopLength(int samples) {
            return withStft(stft.hopLength(samples));
        }

        /** The window function ({@code window_fn}, default Hann). */
        public Builder window(WindowFunction function) {
            return withStft(stft.window(function));
        }

        /** Periodic (default) or symmetric window. */
        public Builder periodic(boolean periodicWindow) {
            return withStft(stft.periodic(periodicWindow));
        }

        /** Whether frames are centred ({@code center}, default true). */
        public Builder center(boolean centred) {
            return withStft(stft.center(centred));
        }

        /** Padding of a centred STFT ({@code pad_mode}, default reflect). */
        public Builder padMode(PadMode mode) {
            return withStft(stft.padMode(mode));
        }

        /** Window normalization ({@code normalized}, default false). */
        public Builder normalized(boolean normalize) {
            return withStft(stft.normalized(normalize));
        }

        /** Exponent of the magnitude ({@code power}, default 2), positive. */
        public Builder power(double exponent) {
            return withStft(stft.power(exponent));
        }

        /** Lowest filter edge in Hz ({@code f_min}, default 0), at least 0. */
        public Builder fMin(double hz) {
            if (!(hz >= 0) || Double.isInfinite(hz)) {
                throw new IllegalArgumentException("f_min must be a finite frequency of at least 0 Hz, got " + hz);
            }
            Builder b = copy();
            b.fMin = hz;
            return b;
        }

        /** Highest filter edge in Hz ({@code f_max}, default {@code sample_rate / 2}), above {@code f_min}. */
        public Builder fMax(double hz) {
            if (!(hz > 0) || Double.isInfinite(hz)) {
                throw new IllegalArgumentException("f_max must be a finite frequency above 0 Hz, got " + hz);
            }
            Builder b = copy();
            b.fMax = hz;
            return b;
        }

        /** Mel bands ({@code n_mels}, default 128), at least 1. */
        public Builder nMels(int bands) {
            if (bands < 1) {
                throw new IllegalArgumentException("n_mels must be at least 1, got " + bands);
            }
            Builder b = copy();
            b.nMels = bands;
            return b;
        }

        /** Filter normalization ({@code norm}, default none). */
        public Builder norm(MelNorm normalization) {
            Builder b = copy();
            b.norm = Objects.requireNonNull(normalization, "norm");
            return b;
        }

        /** The mel scale ({@code mel_scale}, default htk). */
        public Builder melScale(MelScale scale) {
            Builder b = copy();
            b.melScale = Objects.requireNonNull(scale, "mel_scale");
            return b;
        }

        /** Bands set ({@code n_mels}). */
        public int nMels() {
            return nMels;
        }

        /**
         * The mel spectrogram.
         *
         * @throws IllegalArgumentException if a setting is out of range or {@code f_min >= f_max}
         */
        public MelSpectrogram build() {
            double top = Double.isNaN(fMax) ? sampleRate / 2 : fMax;
            if (!(fMin < top)) {
                throw new IllegalArgumentException("f_min " + fMin + " Hz must be below f_max " + top + " Hz");
            }
            return new MelSpectrogram(stft.build(), sampleRate, fMin, top, nMels, norm, melScale);
        }

        private Builder withStft(Spectrogram.Builder settings) {
            Builder b = copy();
            b.stft = settings;
            return b;
        }

        private Builder copy() {
            try {
                return (Builder) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
