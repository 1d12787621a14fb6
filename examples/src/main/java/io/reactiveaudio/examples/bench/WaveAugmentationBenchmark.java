package io.reactiveaudio.examples.bench;

import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.Augmentation;
import io.reactiveaudio.augment.Compose;
import io.reactiveaudio.augment.filter.CutoffFilter;
import io.reactiveaudio.augment.wave.AddGaussianSnr;
import io.reactiveaudio.augment.wave.Gain;
import io.reactiveaudio.augment.wave.PolarityInversion;
import io.reactiveaudio.augment.wave.Shift;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.SampleBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the cheap waveform augmentations in nanoseconds per sample, next to JLayer's MP3
 * decoding cost per sample in the same run: each operation is one 44.1 kHz stereo segment of
 * 196 608 frames (393 216 samples), and {@code jlayerDecode} decodes the same number of samples
 * (MP3 frames of 1 152 × 2, from memory). {@code copy} is the refill of the segment every
 * augmentation benchmark also pays. Run:
 *
 * <pre>
 * java -cp examples/target/reactive-audio.jar org.openjdk.jmh.Main WaveAugmentationBenchmark \
 *     -p file=/tmp/ra-corpus/mp3/class_a/03-casualties_of_war.mp3
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WaveAugmentationBenchmark {

    private static final int FRAMES = 196_608;
    private static final int SAMPLES = FRAMES * 2;
    private static final int MP3_FRAMES = SAMPLES / (1_152 * 2);
    private static final int RATE = 44_100;

    /** A stereo MP3 file of at least {@value #MP3_FRAMES} frames, for the decoding peer. */
    @Param("")
    public String file;

    private byte[] mp3;
    private float[] source;
    private float[] work;
    private long item;
    private final Augmentation gain = Gain.db(-6, 6);
    private final Augmentation noise = AddGaussianSnr.db(10, 40);
    private final Augmentation polarity = PolarityInversion.create();
    private final Augmentation shift = Shift.fraction(-0.5, 0.5);
    private final Augmentation lowPass = CutoffFilter.lowPass(2_000, 8_000);
    private final Augmentation together = Compose.of(gain, noise, polarity, shift, lowPass);

    @Setup
    public void load() throws Exception {
        if (file.isEmpty()) {
            throw new IllegalArgumentException("give a stereo MP3 with -p file=PATH");
        }
        mp3 = Files.readAllBytes(Path.of(file));
        source = new float[SAMPLES];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < SAMPLES; i++) {
            source[i] = (float) (0.3 * (random.nextDouble() - 0.5));
        }
        work = new float[SAMPLES];
    }

    private float[] run(Augmentation augmentation) {
        System.arraycopy(source, 0, work, 0, SAMPLES);
        Audio audio = new Audio(work, FRAMES, 2, RATE);
        return augmentation.apply(audio, AugmentContext.forItem(1, 0, item++, 0)).samples();
    }

    /** The refill of the segment alone. */
    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public float[] copy() {
        System.arraycopy(source, 0, work, 0, SAMPLES);
        return work;
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public float[] gain() {
        return run(gain);
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public float[] gaussianSnr() {
        return run(noise);
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public float[] polarity() {
        return run(polarity);
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public float[] shift() {
        return run(shift);
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public float[] lowPass() {
        return run(lowPass);
    }

    /** Gain, noise, polarity, shift and low-pass in one chain. */
    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public float[] together() {
        return run(together);
    }

    /** JLayer decoding {@value #MP3_FRAMES} MP3 frames of 1 152 stereo frames from memory. */
    @Benchmark
    @OperationsPerInvocation(MP3_FRAMES * 1_152 * 2)
    public long jlayerDecode() throws Exception {
        Bitstream bitstream = new Bitstream(new ByteArrayInputStream(mp3));
        Decoder decoder = new Decoder();
        long sum = 0;
        for (int i = 0; i < MP3_FRAMES; i++) {
            Header header = bitstream.readFrame();
            if (header == null) {
                throw new IllegalStateException(file + " has fewer than " + MP3_FRAMES + " MP3 frames");
            }
            SampleBuffer out = (SampleBuffer) decoder.decodeFrame(header, bitstream);
            sum += out.getBuffer()[0];
            bitstream.closeFrame();
        }
        return sum;
    }
}
