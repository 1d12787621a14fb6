package io.reactiveaudio.features.mel;

import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.StftSettings;
import io.reactiveaudio.features.db.AmplitudeToDb;
import io.reactiveaudio.features.stft.Spectrogram;

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

    /**
     * An immutable builder: every setter returns a new builder. Mel settings and {@code top_db} as
     * {@link MelFeatureBuilder}; the decibels' {@code amin} and {@code ref} here.
     */
    public static final class Builder extends MelFeatureBuilder<Builder> {

        private Builder() {
            super(AmplitudeToDb.power());
        }

        /** Floor on the mel values before the logarithm ({@code amin}, default 1e-10), positive. */
        public Builder amin(double value) {
            return withDb(db -> db.amin(value));
        }

        /** The value of 0 dB ({@code ref}, default 1), positive. */
        public Builder ref(double value) {
            return withDb(db -> db.ref(value));
        }

        /**
         * The log-mel extractor.
         *
         * @throws IllegalArgumentException if a setting is out of range
         */
        public LogMel build() {
            MelSpectrogram built = mel().build();
            AmplitudeToDb db = db();
            AmplitudeToDb scaled = AmplitudeToDb.ofExponent(built.power()).amin(db.amin()).ref(db.ref());
            return new LogMel(built, db.hasTopDb() ? scaled.topDb(db.topDb()) : scaled);
        }
    }
}
