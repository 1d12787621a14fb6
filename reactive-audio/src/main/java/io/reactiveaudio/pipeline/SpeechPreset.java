package io.reactiveaudio.pipeline;

import io.reactiveaudio.features.mel.LogMel;
import io.reactiveaudio.framing.Framing;
import io.reactiveaudio.framing.RandomCrop;
import io.reactiveaudio.framing.Sliding;
import io.reactiveaudio.framing.TailPolicy;
import java.util.function.Consumer;

/**
 * The input most speech models train on, as one {@link AudioPipeline#preset preset}: 16 kHz mono,
 * 30 s segments mixed in a window of 64, log-mel features with n_fft 400 (25 ms), hop 160 (10 ms)
 * and 80 mel bands, in batches of 32, shaped {@code (32, 80, 3001)} like torchaudio's {@code MelSpectrogram} of 30 s
 * (Whisper keeps 3000 of those frames, dropping the last).
 *
 * <pre>{@code
 * Flux<FeatureBatch> batches = AudioPipeline.from(corpus)
 *     .preset(SpeechPreset.logMel().nMels(128).whisperScale(true))
 *     .seed(42)
 *     .featureFlux();
 * }</pre>
 *
 * <p><b>Segments.</b> By default each source is cut into consecutive windows of
 * {@link #seconds} seconds, the last one zero-padded at its end ({@link Sliding} with hop = window
 * and {@link TailPolicy#PAD}): every sample of the corpus reaches one window, as Whisper's 30 s
 * padding and the PyTorch peer's segments do. {@link #randomCrops(int)} takes k
 * {@link RandomCrop random crops} per source instead.
 *
 * <p><b>Features.</b> A {@link LogMel} with torchaudio's defaults but for the sizes above (periodic
 * Hann window, centred frames with reflect padding, htk mel scale, no filter norm, power 2, decibels
 * with amin 1e-10). {@link #whisperScale(boolean)} adds Whisper's clamp and scaling
 * ({@code (max(log10(mel), max - 8) + 4) / 4}); the clamp's maximum is then taken over each 30 s
 * matrix, as Whisper takes it over its 30 s input.
 *
 * <p>Every setting may be overridden here, and every pipeline setting the preset makes may be
 * overridden by calling the pipeline's own setter after {@link AudioPipeline#preset}. Immutable and
 * thread-safe; every setter returns a new preset and checks its argument.
 */
public final class SpeechPreset implements Cloneable {

    private int sampleRate = 16_000;
    private double seconds = 30;
    private int crops;
    private int nFft = 400;
    private int hopLength = 160;
    private int nMels = 80;
    private boolean whisperScale;
    private int batch = 32;
    private int shuffle = 64;

    private SpeechPreset() {
    }

    /**
     * The speech log-mel preset: 16 kHz mono, 30 s windows, a shuffle window of 64, n_fft 400,
     * hop 160, 80 mels, batches of 32.
     */
    public static SpeechPreset logMel() {
        return new SpeechPreset();
    }

    /** The sample rate in Hz every source is resampled to (default 16 000), at least 1. */
    public SpeechPreset sampleRate(int hz) {
        positive(hz, "sampleRate");
        return with(p -> p.sampleRate = hz);
    }

    /** Segment length in seconds (default 30), at least one sample at the preset's rate. */
    public SpeechPreset seconds(double length) {
        if (!(length > 0) || Double.isInfinite(length) || Math.round(length * sampleRate) < 1
                || Math.round(length * sampleRate) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("seconds must give 1 to 2^31 - 1 samples at " + sampleRate + " Hz: "
                    + length);
        }
        return with(p -> p.seconds = length);
    }

    /** {@code perSource} random crops per source (at least 1) instead of consecutive windows. */
    public SpeechPreset randomCrops(int perSource) {
        positive(perSource, "randomCrops");
        return with(p -> p.crops = perSource);
    }

    /** Consecutive windows, the last zero-padded (the default), instead of random crops. */
    public SpeechPreset windows() {
        return with(p -> p.crops = 0);
    }

    /** FFT size in samples ({@code n_fft}, default 400 = 25 ms at 16 kHz), at least 2. */
    public SpeechPreset nFft(int samples) {
        if (samples < 2) {
            throw new IllegalArgumentException("nFft must be at least 2: " + samples);
        }
        return with(p -> p.nFft = samples);
    }

    /** Hop between frames in samples ({@code hop_length}, default 160 = 10 ms at 16 kHz), at least 1. */
    public SpeechPreset hopLength(int samples) {
        positive(samples, "hopLength");
        return with(p -> p.hopLength = samples);
    }

    /** Mel bands ({@code n_mels}, default 80; Whisper large-v3 uses 128), at least 1. */
    public SpeechPreset nMels(int bands) {
        positive(bands, "nMels");
        return with(p -> p.nMels = bands);
    }

    /** Whether the log-mel takes Whisper's clamp and scaling (default false: torchaudio's plain decibels). */
    public SpeechPreset whisperScale(boolean scale) {
        return with(p -> p.whisperScale = scale);
    }

    /** Segments per batch (default 32), at least 1. */
    public SpeechPreset batch(int size) {
        positive(size, "batch");
        return with(p -> p.batch = size);
    }

    /**
     * The shuffle window in segments (default 64: 32 minutes of audio, 123 MB at the defaults); the
     * first segment leaves after {@code min(batch, shuffle)} arrivals and the window then grows to
     * this size, so the first batch waits for one batch of audio, not a whole window. At least 1.
     */
    public SpeechPreset shuffle(int segments) {
        positive(segments, "shuffle");
        return with(p -> p.shuffle = segments);
    }

    /** The shuffle window in segments. */
    public int shuffle() {
        return shuffle;
    }

    /** The sample rate in Hz. */
    public int sampleRate() {
        return sampleRate;
    }

    /** Segment length in seconds. */
    public double seconds() {
        return seconds;
    }

    /** Segment length in samples at {@link #sampleRate()}: 480 000 by default. */
    public int segmentFrames() {
        return (int) Math.round(seconds * sampleRate);
    }

    /** Random crops per source, 0 for consecutive windows. */
    public int crops() {
        return crops;
    }

    /** Segments per batch. */
    public int batch() {
        return batch;
    }

    /** How sources are cut: consecutive padded windows, or random crops. */
    public Framing framing() {
        int frames = segmentFrames();
        return crops == 0 ? Sliding.of(frames, frames).tail(TailPolicy.PAD) : RandomCrop.of(frames).crops(crops);
    }

    /**
     * The log-mel extractor of these settings.
     *
     * @throws IllegalArgumentException if the sizes do not fit together (a hop or window longer
     *     than the FFT allows, say), as {@link LogMel.Builder#build()} checks them
     */
    public LogMel extractor() {
        return LogMel.builder().sampleRate(sampleRate).nFft(nFft).hopLength(hopLength).nMels(nMels)
                .whisperScale(whisperScale).build();
    }

    @Override
    public String toString() {
        return "SpeechPreset[" + sampleRate + " Hz mono, " + seconds + " s " + (crops == 0 ? "windows" : crops + " crops")
                + ", n_fft=" + nFft + ", hop_length=" + hopLength + ", n_mels=" + nMels
                + (whisperScale ? ", whisper_scale" : "") + ", shuffle=" + shuffle + ", batch=" + batch + "]";
    }

    private SpeechPreset with(Consumer<SpeechPreset> change) {
        SpeechPreset next;
        try {
            next = (SpeechPreset) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
        change.accept(next);
        return next;
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + value);
        }
    }
}
