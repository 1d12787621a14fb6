package io.reactiveaudio.features.mel;

import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.PadMode;
import io.reactiveaudio.features.StftSettings;
import io.reactiveaudio.features.WindowFunction;
import io.reactiveaudio.features.db.AmplitudeToDb;
import io.reactiveaudio.features.stft.Spectrogram;
import java.util.Objects;

/**
 * The log-mel spectrogram in decibels, {@code n_mels} bands by frames: a {@link MelSpectrogram}
 * followed by an {@link AmplitudeToDb}, as torchaudio's {@code MelSpectrogram} then
 * {@code AmplitudeToDB}, with their parameter names and defaults (multiplier {@code 20 / power}:
 * 10 for the default power mel, 20 for a magnitude mel; {@code ref} 1, {@code amin} 1e-10, no
 * {@code top_db}).
 *
 * <p>With {@code top_db}, every value is raised to at least the clip's maximum minus top_db, the
 * maximum taken over one clip's whole matrix (as torchaudio on a single clip), so the extractor is
 * not {@link #frameLocal() frame-local} and cannot run on an endless stream.
 *
 * <pre>{@code
 * FeatureExtractor logMel = LogMel.builder().nFft(1024).hopLength(160).nMels(80).topDb(80).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. Each {@link #newWorker() worker} holds a mel worker's state.
 */
public final class LogMel implements FeatureExtractor {

    private final MelSpectrogram mel;
    private final AmplitudeToDb db;

    private LogMel(MelSpectrogram mel, AmplitudeToDb db) {
        this.mel = mel;
        this.db = db;
    }

    /** A builder with torchaudio's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The mel spectrogram before the decibel conversion. */
    public MelSpectrogram melSpectrogram() {
        return mel;
    }

    /** The decibel conversion. */
    public AmplitudeToDb db() {
        return db;
    }

    @Override
    public int bins() {
        return mel.bins();
    }

    @Override
    public StftSettings stft() {
        return mel.stft();
    }

    @Override
    public LogMel withStft(StftSettings settings) {
        return new LogMel(mel.withStft(settings), db);
    }

    @Override
    public boolean frameLocal() {
        return !db.hasTopDb();
    }

    @Override
    public Worker newWorker() {
        Worker mels = mel.newWorker();
        return (signal, offset, length, out, outOffset, layout) -> {
            mels.compute(signal, offset, length, out, outOffset, layout);
            db.apply(out, outOffset, bins() * frames(length));
        };
    }

    @Override
    public String toString() {
        return "LogMel[" + mel.describe() + ", amin=" + db.amin() + ", ref=" + db.ref()
                + (db.hasTopDb() ? ", top_db=" + db.topDb() : "") + "]";
    }

    /** An immutable builder: every setter returns a new builder. Mel settings as {@link MelSpectrogram.Builder}. */
    public static final class Builder {

        private final MelSpectrogram.Builder mel;
        private final AmplitudeToDb db;

        private Builder() {
            this(MelSpectrogram.builder(), AmplitudeToDb.power());
        }

        private Builder(MelSpectrogram.Builder mel, AmplitudeToDb db) {
            this.mel = mel;
            this.db = db;
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

        /** Exponent of the magnitude ({@code power}, default 2); the dB multiplier is {@code 20 / power}. */
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

        /** Mel bands ({@code n_mels}, default 128). */
        public Builder nMels(int bands) {
            return mel(mel.nMels(bands));
        }

        /** Filter normalization ({@code norm}, default none). */
        public Builder norm(MelNorm normalization) {
            return mel(mel.norm(normalization));
        }

        /** The mel scale ({@code mel_scale}, default htk). */
        public Builder melScale(MelScale scale) {
            return mel(mel.melScale(scale));
        }

        /** Floor on the mel values before the logarithm ({@code amin}, default 1e-10), positive. */
        public Builder amin(double value) {
            return new Builder(mel, db.amin(value));
        }

        /** The value of 0 dB ({@code ref}, default 1), positive. */
        public Builder ref(double value) {
            return new Builder(mel, db.ref(value));
        }

        /** Clamp to {@code decibels} below the clip's maximum ({@code top_db}, default none), at least 0. */
        public Builder topDb(double decibels) {
            return new Builder(mel, db.topDb(decibels));
        }

        /** No {@code top_db} clamp (the default): the extractor is frame-local. */
        public Builder withoutTopDb() {
            return new Builder(mel, db.withoutTopDb());
        }

        /**
         * The log-mel extractor.
         *
         * @throws IllegalArgumentException if a setting is out of range
         */
        public LogMel build() {
            MelSpectrogram built = mel.build();
            AmplitudeToDb scaled = AmplitudeToDb.ofExponent(built.power()).amin(db.amin()).ref(db.ref());
            return new LogMel(built, db.hasTopDb() ? scaled.topDb(db.topDb()) : scaled);
        }

        private Builder mel(MelSpectrogram.Builder settings) {
            return new Builder(Objects.requireNonNull(settings), db);
        }
    }
}
