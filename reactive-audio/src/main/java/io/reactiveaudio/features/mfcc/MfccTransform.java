package io.reactiveaudio.features.mfcc;

import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.db.AmplitudeToDb;
import java.util.Objects;

/**
 * Mel spectra to cepstral coefficients, as torchaudio's {@code MFCC} after its mel spectrogram:
 * the mels are taken to decibels by an {@link AmplitudeToDb} (torchaudio: power, {@code top_db}
 * 80 over the whole clip) or, with {@code log_mels}, to {@code ln(mel + 1e-6)}; then a {@link Dct};
 * then, with a lifter {@code L > 0}, coefficient i is multiplied by {@code 1 + L / 2 * sin(pi i / L)}
 * (Kaldi's {@code cepstral_lifter}; torchaudio's MFCC has none).
 *
 * <p>Immutable and thread-safe; {@link #apply} allocates nothing.
 */
public final class MfccTransform {

    /** What {@code log_mels} adds before the natural logarithm, as torchaudio: {@value}. */
    public static final double LOG_OFFSET = 1e-6;

    private final Dct dct;
    private final boolean logMels;
    private final AmplitudeToDb db;
    private final double lifter;
    private final float[] lift;

    /**
     * A transform by {@code dct}, with natural-log mels when {@code logMels} or else {@code db}, and
     * the given lifter (0 for none).
     *
     * @throws IllegalArgumentException if {@code lifter} is negative or not finite
     */
    public MfccTransform(Dct dct, boolean logMels, AmplitudeToDb db, double lifter) {
        this.dct = Objects.requireNonNull(dct, "dct");
        this.db = Objects.requireNonNull(db, "db");
        this.logMels = logMels;
        if (!(lifter >= 0) || Double.isInfinite(lifter)) {
            throw new IllegalArgumentException("lifter must be non-negative and finite (0 for none), got " + lifter);
        }
        this.lifter = lifter;
        this.lift = new float[dct.coefficients()];
        for (int i = 0; i < lift.length; i++) {
            lift[i] = lifter == 0 ? 1f : (float) (1 + lifter / 2 * Math.sin(Math.PI * i / lifter));
        }
    }

    /** The DCT. */
    public Dct dct() {
        return dct;
    }

    /** Whether mels are taken to {@code ln(mel + 1e-6)} rather than decibels. */
    public boolean logMels() {
        return logMels;
    }

    /** The decibel conversion used without {@code log_mels}. */
    public AmplitudeToDb db() {
        return db;
    }

    /** The lifter, 0 for none. */
    public double lifter() {
        return lifter;
    }

    /** Whether each frame's coefficients depend only on its own mels (false with a {@code top_db} clamp). */
    public boolean frameLocal() {
        return logMels || !db.hasTopDb();
    }

    /**
     * The coefficients of {@code frames} mel frames held in {@code mels} from {@code offset}, frame
     * after frame ({@code n_mels} floats each; overwritten with their logarithms), written to
     * {@code out} from {@code outOffset} as an {@code n_mfcc} by {@code frames} matrix in {@code layout}.
     */
    public void apply(float[] mels, int offset, int frames, float[] out, int outOffset, FeatureLayout layout) {
        int n = dct.mels();
        int length = n * frames;
        Objects.checkFromIndexSize(offset, length, mels.length);
        Objects.checkFromIndexSize(outOffset, dct.coefficients() * frames, out.length);
        if (logMels) {
            for (int i = offset; i < offset + length; i++) {
                mels[i] = (float) Math.log(mels[i] + LOG_OFFSET);
            }
        } else {
            db.apply(mels, offset, length);
        }
        int coefficients = dct.coefficients();
        boolean rows = layout == FeatureLayout.BINS_FRAMES;
        for (int t = 0; t < frames; t++) {
            int at = outOffset + (rows ? t : t * coefficients);
            int stride = rows ? frames : 1;
            dct.apply(mels, offset + t * n, out, at, stride);
            if (lifter != 0) {
                for (int k = 0; k < coefficients; k++) {
                    out[at + k * stride] *= lift[k];
                }
            }
        }
    }
}
