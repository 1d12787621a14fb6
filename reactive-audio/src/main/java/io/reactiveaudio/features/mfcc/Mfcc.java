package io.reactiveaudio.features.mfcc;

import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.PadMode;
import io.reactiveaudio.features.StftSettings;
import io.reactiveaudio.features.WindowFunction;
import io.reactiveaudio.features.db.AmplitudeToDb;
import io.reactiveaudio.features.mel.MelNorm;
import io.reactiveaudio.features.mel.MelScale;
import io.reactiveaudio.features.mel.MelSpectrogram;
import io.reactiveaudio.features.stft.Spectrogram;
import java.util.Objects;

/**
 * Mel-frequency cepstral coefficients, {@code n_mfcc} by frames: a {@link MelSpectrogram} followed
 * by an {@link MfccTransform}, torchaudio's {@code transforms.MFCC} with its parameter names and
 * defaults ({@code n_mfcc} 40, DCT-II {@code norm="ortho"}, {@code log_mels} false: mels in dB
 * as power, multiplier 10 whatever {@code power} as in torchaudio, with {@code top_db} 80 over the
 * clip; the mel settings are {@code melkwargs}, with {@link MelSpectrogram}'s defaults), plus an
 * optional Kaldi-style {@code lifter} (default 0, none).
 *
 * <p>With the default {@code top_db} the values depend on the whole clip, so the extractor is not
 * {@link #frameLocal() frame-local}; with {@code logMels(true)} or {@code withoutTopDb()} it is.
 *
 * <pre>{@code
 * FeatureExtractor mfcc = Mfcc.builder().nMfcc(13).nFft(512).hopLength(160).nMels(40).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. Each {@link #newWorker() worker} holds a mel worker's state and
 * the clip's mels ({@code n_mels * frames} floats, grown to the longest clip seen and reused).
 */
public final class Mfcc implements FeatureExtractor {

    private final MelSpectrogram mel;
    private final MfccTransform transform;

    private Mfcc(MelSpectrogram mel, MfccTransform transform) {
        this.mel = mel;
        this.transform = transform;
    }

    /** A builder with torchaudio's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The mel spectrogram the coefficients come from. */
    public MelSpectrogram melSpectrogram() {
        return mel;
    }

    /** The mel-to-cepstrum kernel. */
    public MfccTransform transform() {
        return transform;
    }

    @Override
    public int bins() {
        return transform.dct().coefficients();
    }

    @Override
    public StftSettings stft() {
        return mel.stft();
    }

    @Override
    public Mfcc withStft(StftSettings settings) {
        return new Mfcc(mel.withStft(settings), transform);
    }

    @Override
    public boolean frameLocal() {
        return transform.frameLocal();
    }

    @Override
    public Worker newWorker() {
        Worker mels = mel.newWorker();
        return new Worker() {
            private float[] scratch = new float[0];

            @Override
            public void compute(float[] signal, int offset, int length, float[] out, int outOffset,
                                FeatureLayout layout) {
                int frames = Spectrogram.checkCall(Mfcc.this, signal, offset, length, out, outOffset, layout);
                int size = mel.bins() * frames;
                if (scratch.length < size) {
                    scratch = new float[size];
                }
                mels.compute(signal, offset, length, scratch, 0, FeatureLayout.FRAMES_BINS);
                transform.apply(scratch, 0, frames, out, outOffset, layout);
            }
        };
    }

    @Override
    public String toString() {
        return "Mfcc[n_mfcc=" + bins() + ", log_mels=" + transform.logMels()
                + (transform.logMels() ? "" : ", " + transform.db())
                + (transform.lifter() == 0 ? "" : ", lifter=" + transform.lifter()) + ", " + mel + "]";
    }

    /**
     * An immutable builder: every setter returns a new builder. Mel settings ({@code melkwargs}) as
     * {@link MelSpectrogram.Builder}.
     */
    public static final class Builder {

        /** torchaudio's MFCC {@code top_db}: {@value}. */
        public static final double DEFAULT_TOP_DB = 80;

        private final MelSpectrogram.Builder mel;
        private final int nMfcc;
        private final DctNorm dctNorm;
        private final boolean logMels;
        private final double lifter;
        private final AmplitudeToDb db;

        private Builder() {
            this(MelSpectrogram.builder(), 40, DctNorm.ORTHO, false, 0, AmplitudeToDb.power().topDb(DEFAULT_TOP_DB));
        }

        private Builder(MelSpectrogram.Builder mel, int nMfcc, DctNorm dctNorm, boolean logMels, double lifter,
                        AmplitudeToDb db) {
            this.mel = mel;
            this.nMfcc = nMfcc;
            this.dctNorm = dctNorm;
            this.logMels = logMels;
            this.lifter = lifter;
            this.db = db;
        }

        /** Coefficients ({@code n_mfcc}, default 40), 1 .. n_mels. */
        public Builder nMfcc(int coefficients) {
            if (coefficients < 1) {
                throw new IllegalArgumentException("n_mfcc must be at least 1, got " + coefficients);
            }
            return new Builder(mel, coefficients, dctNorm, logMels, lifter, db);
        }

        /** DCT scaling ({@code norm}, default ortho). */
        public Builder dctNorm(DctNorm norm) {
            return new Builder(mel, nMfcc, Objects.requireNonNull(norm, "norm"), logMels, lifter, db);
        }

        /** Natural-log mels {@code ln(mel + 1e-6)} instead of dB ({@code log_mels}, default false). */
        public Builder logMels(boolean naturalLog) {
            return new Builder(mel, nMfcc, dctNorm, naturalLog, lifter, db);
        }

        /** Kaldi's cepstral lifter L (default 0, none): coefficient i times {@code 1 + L / 2 sin(pi i / L)}. */
        public Builder lifter(double value) {
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("lifter must be non-negative and finite (0 for none), got "
                        + value);
            }
            return new Builder(mel, nMfcc, dctNorm, logMels, value, db);
        }

        /** The dB clamp below the clip's maximum without {@code log_mels} ({@code top_db}, default 80), at least 0. */
        public Builder topDb(double decibels) {
            return new Builder(mel, nMfcc, dctNorm, logMels, lifter, db.topDb(decibels));
        }

        /** No {@code top_db} clamp: the extractor is frame-local. */
        public Builder withoutTopDb() {
            return new Builder(mel, nMfcc, dctNorm, logMels, lifter, db.withoutTopDb());
        }

        /** Sample rate in Hz ({@code sample_rate}, default 16000). */
        public Builder sampleRate(int hz) {
            return mel(mel.sampleRate(hz));
        }

        /** FFT size in samples ({@code n_fft}, default 400). */
        public Builder nFft(int samples) {
            return mel(mel.nFft(samples));
        }

        /** Window length in samples ({@code win_length}, default {@code n_fft}). */
        public Builder winLength(int samples) {
            return mel(mel.winLength(samples));
        }

        /** Hop between frames in samples ({@code hop_length}, default {@code win_length / 2}). */
        public Builder hopLength(int samples) {
            return mel(mel.hopLength(samples));
        }

        /** The window function (default Hann). */
        public Builder window(WindowFunction function) {
            return mel(mel.window(function));
        }

        /** Periodic (default) or symmetric window. */
        public Builder periodic(boolean periodicWindow) {
            return mel(mel.periodic(periodicWindow));
        }

        /** Whether frames are centred ({@code center}, default true). */
        public Builder center(boolean centred) {
            return mel(mel.center(centred));
        }

        /** Padding of a centred STFT ({@code pad_mode}, default reflect). */
        public Builder padMode(PadMode mode) {
            return mel(mel.padMode(mode));
        }

        /** Window normalization ({@code normalized}, default false). */
        public Builder normalized(boolean normalize) {
            return mel(mel.normalized(normalize));
        }

        /** Exponent of the magnitude ({@code power}, default 2); the dB multiplier stays 10, as torchaudio's. */
        public Builder power(double exponent) {
            return mel(mel.power(exponent));
        }

        /** Lowest filter edge in Hz ({@code f_min}, default 0). */
        public Builder fMin(double hz) {
            return mel(mel.fMin(hz));
        }

        /** Highest filter edge in Hz ({@code f_max}, default {@code sample_rate / 2}). */
        public Builder fMax(double hz) {
            return mel(mel.fMax(hz));
        }

        /** Mel bands ({@code n_mels}, default 128), at least {@code n_mfcc}. */
        public Builder nMels(int bands) {
            return mel(mel.nMels(bands));
        }

        /** Filter normalization ({@code norm} of the mel filters, default none). */
        public Builder norm(MelNorm normalization) {
            return mel(mel.norm(normalization));
        }

        /** The mel scale ({@code mel_scale}, default htk). */
        public Builder melScale(MelScale scale) {
            return mel(mel.melScale(scale));
        }

        /**
         * The MFCC extractor.
         *
         * @throws IllegalArgumentException if a setting is out of range or {@code n_mfcc > n_mels}
         */
        public Mfcc build() {
            if (nMfcc > mel.nMels()) {
                throw new IllegalArgumentException("n_mfcc " + nMfcc + " is more than n_mels " + mel.nMels()
                        + ": cannot select more coefficients than mel bands");
            }
            MelSpectrogram built = mel.build();
            Dct dct = new Dct(nMfcc, built.bins(), dctNorm);
            return new Mfcc(built, new MfccTransform(dct, logMels, db, lifter));
        }

        private Builder mel(MelSpectrogram.Builder settings) {
            return new Builder(Objects.requireNonNull(settings), nMfcc, dctNorm, logMels, lifter, db);
        }
    }
}
