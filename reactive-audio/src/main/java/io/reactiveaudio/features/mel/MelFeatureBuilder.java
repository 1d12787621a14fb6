package io.reactiveaudio.features.mel;

import io.reactiveaudio.features.PadMode;
import io.reactiveaudio.features.WindowFunction;
import io.reactiveaudio.features.db.AmplitudeToDb;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The settings that the builders of features computed from a mel spectrogram in decibels share
 * ({@link LogMel.Builder} and {@code Mfcc.Builder}): the mel spectrogram's, with
 * {@link MelSpectrogram.Builder}'s names, checks and defaults (torchaudio's {@code melkwargs}), and
 * the {@code top_db} clamp of the decibel conversion. Each setter returns a new builder of the
 * same kind, {@code B}; the builder it was called on does not change.
 *
 * <p>Immutable: a setter changes only a fresh copy, before returning it. Its fields are not final,
 * so a builder handed to another thread needs a safe publication (a volatile field, a queue).
 *
 * @param <B> the builder's own type, which the setters return
 */
public abstract class MelFeatureBuilder<B extends MelFeatureBuilder<B>> implements Cloneable {

    private MelSpectrogram.Builder mel = MelSpectrogram.builder();
    private AmplitudeToDb db;

    /** torchaudio's mel defaults and the decibel conversion {@code db}; for the builders of this library. */
    protected MelFeatureBuilder(AmplitudeToDb db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** Sample rate in Hz ({@code sample_rate}, default 16000), at least 1. */
    public final B sampleRate(int hz) {
        return withMel(m -> m.sampleRate(hz));
    }

    /** FFT size in samples ({@code n_fft}, default 400), at least 2. */
    public final B nFft(int samples) {
        return withMel(m -> m.nFft(samples));
    }

    /** Window length in samples ({@code win_length}, default {@code n_fft}). */
    public final B winLength(int samples) {
        return withMel(m -> m.winLength(samples));
    }

    /** Hop between frames in samples ({@code hop_length}, default {@code win_length / 2}). */
    public final B hopLength(int samples) {
        return withMel(m -> m.hopLength(samples));
    }

    /** The window function (default Hann). */
    public final B window(WindowFunction function) {
        return withMel(m -> m.window(function));
    }

    /** Periodic (default) or symmetric window. */
    public final B periodic(boolean periodicWindow) {
        return withMel(m -> m.periodic(periodicWindow));
    }

    /** Whether frames are centred ({@code center}, default true). */
    public final B center(boolean centred) {
        return withMel(m -> m.center(centred));
    }

    /** Padding of a centred STFT ({@code pad_mode}, default reflect). */
    public final B padMode(PadMode mode) {
        return withMel(m -> m.padMode(mode));
    }

    /** Window normalization ({@code normalized}, default false). */
    public final B normalized(boolean normalize) {
        return withMel(m -> m.normalized(normalize));
    }

    /**
     * Exponent of the magnitude ({@code power}, default 2), positive. LogMel's decibel multiplier
     * follows it ({@code 20 / power}); Mfcc's stays 10, as torchaudio's.
     */
    public final B power(double exponent) {
        return withMel(m -> m.power(exponent));
    }

    /** Lowest filter edge in Hz ({@code f_min}, default 0). */
    public final B fMin(double hz) {
        return withMel(m -> m.fMin(hz));
    }

    /** Highest filter edge in Hz ({@code f_max}, default {@code sample_rate / 2}). */
    public final B fMax(double hz) {
        return withMel(m -> m.fMax(hz));
    }

    /** Mel bands ({@code n_mels}, default 128), at least 1; for MFCC at least {@code n_mfcc}. */
    public final B nMels(int bands) {
        return withMel(m -> m.nMels(bands));
    }

    /** Filter normalization ({@code norm} of the mel filters, default none). */
    public final B norm(MelNorm normalization) {
        return withMel(m -> m.norm(normalization));
    }

    /** The mel scale ({@code mel_scale}, default htk). */
    public final B melScale(MelScale scale) {
        return withMel(m -> m.melScale(scale));
    }

    /**
     * Clamp to {@code decibels} below the clip's maximum ({@code top_db}; default none for LogMel,
     * 80 for MFCC), at least 0: the extractor is then not frame-local.
     */
    public final B topDb(double decibels) {
        return withDb(d -> d.topDb(decibels));
    }

    /** No {@code top_db} clamp: the extractor is frame-local. */
    public final B withoutTopDb() {
        return withDb(AmplitudeToDb::withoutTopDb);
    }

    /** The mel spectrogram's settings. */
    protected final MelSpectrogram.Builder mel() {
        return mel;
    }

    /** The decibel conversion set so far. */
    protected final AmplitudeToDb db() {
        return db;
    }

    /** A copy of this builder with its decibel conversion changed by {@code change}. */
    protected final B withDb(UnaryOperator<AmplitudeToDb> change) {
        AmplitudeToDb changed = change.apply(db);
        return with(b -> {
            MelFeatureBuilder<B> next = b;
            next.db = changed;
        });
    }

    /** A copy of this builder, changed by {@code change} before it is returned. */
    protected final B with(Consumer<B> change) {
        B next = copy();
        change.accept(next);
        return next;
    }

    @SuppressWarnings("unchecked")
    private B copy() {
        try {
            return (B) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    private B withMel(UnaryOperator<MelSpectrogram.Builder> change) {
        MelSpectrogram.Builder changed = change.apply(mel);
        return with(b -> {
            MelFeatureBuilder<B> next = b;
            next.mel = changed;
        });
    }
}
