package io.reactiveaudio.examples.bench;

import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.StftSettings;
import io.reactiveaudio.features.db.AmplitudeToDb;
import io.reactiveaudio.features.deltas.Deltas;
import io.reactiveaudio.features.mel.MelFilterBank;
import io.reactiveaudio.features.mel.MelNorm;
import io.reactiveaudio.features.mel.MelScale;
import io.reactiveaudio.features.mfcc.Dct;
import io.reactiveaudio.features.mfcc.DctNorm;
import io.reactiveaudio.features.stft.Framer;
import io.reactiveaudio.features.stft.Stft;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The spectral kernels one at a time, on one thread, per frame of 10 ms at 16 kHz: windowing a
 * frame ({@code frame}), its power spectrum (framing and FFT, {@code powerSpectrum}), 80 sparse mel
 * filters ({@code mel}), and over a 10 s clip's {@code (80, 1001)} matrix: dB with top_db
 * ({@code decibels}), 40 orthonormal DCT-II coefficients per frame ({@code dct}) and deltas
 * ({@code deltas}). Time per operation in microseconds. Run:
 *
 * <pre>
 * java -cp examples/target/reactive-audio.jar org.openjdk.jmh.Main SpectralKernelBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SpectralKernelBenchmark {

    private static final int SAMPLES = 160_000;
    private static final int MELS = 80;

    /** FFT size in samples. */
    @Param({"512", "1024"})
    public int nFft;

    private float[] signal;
    private Framer framer;
    private Stft stft;
    private float[] frame;
    private float[] spectrum;
    private MelFilterBank bank;
    private float[] melFrame;
    private float[] mels;
    private float[] scratch;
    private float[] out;
    private final AmplitudeToDb db = AmplitudeToDb.power().topDb(80);
    private final Dct dct = new Dct(40, MELS, DctNorm.ORTHO);
    private final Deltas deltas = Deltas.defaults();
    private int frames;
    private int t;

    /** Makes the signal, a mel matrix and the kernels. */
    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        signal = new float[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            signal[i] = (float) (random.nextDouble() - 0.5);
        }
        framer = new Framer(StftSettings.of(nFft).withHopLength(160));
        stft = new Stft(framer);
        frames = framer.frames(SAMPLES);
        frame = new float[nFft];
        spectrum = new float[nFft / 2 + 1];
        bank = MelFilterBank.of(nFft / 2 + 1, 0, 8000, MELS, 16_000, MelNorm.NONE, MelScale.HTK);
        melFrame = new float[MELS];
        mels = new float[MELS * frames];
        for (int i = 0; i < mels.length; i++) {
            mels[i] = (float) Math.exp(20 * random.nextDouble() - 15);
        }
        scratch = new float[mels.length];
        out = new float[mels.length];
        stft.spectrum(signal, 0, SAMPLES, 100, 2, spectrum, 0);
    }

    /** One windowed frame, cycling through the clip. */
    @Benchmark
    public float[] frame() {
        framer.frame(signal, 0, SAMPLES, next(), frame);
        return frame;
    }

    /** One frame's power spectrum: framing, window, real FFT, squared magnitudes. */
    @Benchmark
    public float[] powerSpectrum() {
        stft.spectrum(signal, 0, SAMPLES, next(), 2, spectrum, 0);
        return spectrum;
    }

    /** One frame's 80 mel bands from its power spectrum. */
    @Benchmark
    public float[] mel() {
        bank.apply(spectrum, 0, melFrame, 0, 1);
        return melFrame;
    }

    /** A clip's (80, 1001) mels to dB with top_db 80. */
    @Benchmark
    public float[] decibels() {
        System.arraycopy(mels, 0, scratch, 0, mels.length);
        db.apply(scratch, 0, scratch.length);
        return scratch;
    }

    /** A clip's 1001 frames of 80 mels to 40 coefficients each. */
    @Benchmark
    public float[] dct() {
        for (int f = 0; f < frames; f++) {
            dct.apply(mels, f * MELS, out, f, frames);
        }
        return out;
    }

    /** A clip's (80, 1001) deltas, win_length 5. */
    @Benchmark
    public float[] deltas() {
        deltas.apply(mels, 0, MELS, frames, FeatureLayout.BINS_FRAMES, out, 0);
        return out;
    }

    private int next() {
        t = t + 1 == frames ? 0 : t + 1;
        return t;
    }
}
