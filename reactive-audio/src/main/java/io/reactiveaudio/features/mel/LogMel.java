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
 * <p>With {@link Builder#whisperScale(boolean) Whisper's scaling}, the decibels (of a power mel,
 * clamped to {@code top_db} 80 below the clip's maximum unless another top_db is set) are mapped
 * to {@code y / 40 + 1}: Whisper's {@code (max(log10(mel), max - 8) + 4) / 4}, which puts speech
 * roughly in [-1, 1].
 *
 * <pre>{@code
 * FeatureExtractor logMel = LogMel.builder().nFft(1024).hopLength(160).nMels(80).topDb(80).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. Each {@link #newWorker() worker} holds a mel worker's state.
 */
public final class LogMel implements FeatureExtractor {

    /** Decibels per unit of Whisper's scale: its log10 values (10 dB each) divided by 4. */
    private static final float WHISPER_DB_PER_UNIT = 40f;
    /** Whisper's floor, 8 decades (80 dB) below the clip's maximum. */
    private static final double WHISPER_TOP_DB = 80;

    private final MelSpectrogram mel;
    private final AmplitudeToDb db;
    private final boolean whisperScale;

    private LogMel(MelSpectrogram mel, AmplitudeToDb db, boolean whisperScale) {
        this.mel = mel;
        this.db = db;
        this.whisperScale = whisperScale;
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

    /** Whether the decibels are mapped to Whisper's scale, {@code y / 40 + 1}. */
    public boolean whisperScale() {
        return whisperScale;
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
        return new LogMel(mel.withStft(settings), db, whisperScale);
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
            int values = bins() * frames(length);
            db.apply(out, outOffset, values);
            if (whisperScale) {
                for (int i = outOffset; i < outOffset + values; i++) {
                    out[i] = out[i] / WHISPER_DB_PER_UNIT + 1f;
                }
            }
        };
    }

    @Override
    public String toString() {
        return "LogMel[" + mel.describe() + ", amin=" + db.amin() + ", ref=" + db.ref()
                + (db.hasTopDb() ? ", top_db=" + db.topDb() : "") + (whisperScale ? ", whisper_scale" : "") + "]";
    }

    /**
     * An immutable builder: every setter returns a new builder. Mel settings and {@code top_db} as
     * {@link MelFeatureBuilder}; the decibels' {@code amin} and {@code ref} here.
     */
    public static final class Builder extends MelFeatureBuilder<Builder> {

        private boolean whisperScale;

        private Builder() {
            super(AmplitudeToDb.power());
        }

        /**
         * Whether the decibels are mapped to Whisper's scale, {@code y / 40 + 1} (default false):
         * Whisper's {@code (max(log10(mel), max - 8) + 4) / 4}. Needs a power mel ({@code power} 2);
         * sets {@code top_db} to Whisper's 80 unless a top_db is set.
         */
        public Builder whisperScale(boolean scale) {
            return with(b -> b.whisperScale = scale);
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
         * @throws IllegalArgumentException if a setting is out of range, or Whisper's scaling is asked
         *     of a mel whose power is not 2
         */
        public LogMel build() {
            MelSpectrogram built = mel().build();
            AmplitudeToDb db = db();
            AmplitudeToDb scaled = AmplitudeToDb.ofExponent(built.power()).amin(db.amin()).ref(db.ref());
            if (whisperScale && built.power() != 2) {
                throw new IllegalArgumentException("Whisper's scaling needs a power mel (power 2), got power "
                        + built.power());
            }
            double topDb = db.hasTopDb() ? db.topDb() : whisperScale ? WHISPER_TOP_DB : Double.NaN;
            return new LogMel(built, Double.isNaN(topDb) ? scaled : scaled.topDb(topDb), whisperScale);
        }
    }
}
