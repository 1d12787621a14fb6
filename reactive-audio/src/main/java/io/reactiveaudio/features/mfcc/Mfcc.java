package io.reactiveaudio.features.mfcc;

import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.StftSettings;
import io.reactiveaudio.features.db.AmplitudeToDb;
import io.reactiveaudio.features.mel.MelFeatureBuilder;
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
     * An immutable builder: every setter returns a new builder. Mel settings ({@code melkwargs}) and
     * {@code top_db} (default {@value #DEFAULT_TOP_DB}) as {@link MelFeatureBuilder}; the cepstral
     * settings here.
     */
    public static final class Builder extends MelFeatureBuilder<Builder> {

        /** torchaudio's MFCC {@code top_db}: {@value}. */
        public static final double DEFAULT_TOP_DB = 80;

        private int nMfcc = 40;
        private DctNorm dctNorm = DctNorm.ORTHO;
        private boolean logMels;
        private double lifter;

        private Builder() {
            super(AmplitudeToDb.power().topDb(DEFAULT_TOP_DB));
        }

        /** Coefficients ({@code n_mfcc}, default 40), 1 .. n_mels. */
        public Builder nMfcc(int coefficients) {
            if (coefficients < 1) {
                throw new IllegalArgumentException("n_mfcc must be at least 1, got " + coefficients);
            }
            return with(b -> b.nMfcc = coefficients);
        }

        /** DCT scaling ({@code norm}, default ortho). */
        public Builder dctNorm(DctNorm norm) {
            Objects.requireNonNull(norm, "norm");
            return with(b -> b.dctNorm = norm);
        }

        /** Natural-log mels {@code ln(mel + 1e-6)} instead of dB ({@code log_mels}, default false). */
        public Builder logMels(boolean naturalLog) {
            return with(b -> b.logMels = naturalLog);
        }

        /** Kaldi's cepstral lifter L (default 0, none): coefficient i times {@code 1 + L / 2 sin(pi i / L)}. */
        public Builder lifter(double value) {
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("lifter must be non-negative and finite (0 for none), got "
                        + value);
            }
            return with(b -> b.lifter = value);
        }

        /**
         * The MFCC extractor.
         *
         * @throws IllegalArgumentException if a setting is out of range or {@code n_mfcc > n_mels}
         */
        public Mfcc build() {
            if (nMfcc > mel().nMels()) {
                throw new IllegalArgumentException("n_mfcc " + nMfcc + " is more than n_mels " + mel().nMels()
                        + ": cannot select more coefficients than mel bands");
            }
            MelSpectrogram built = mel().build();
            Dct dct = new Dct(nMfcc, built.bins(), dctNorm);
            return new Mfcc(built, new MfccTransform(dct, logMels, db(), lifter));
        }
    }
}
