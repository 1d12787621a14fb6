package io.reactiveaudio.examples.bench;

import io.reactiveaudio.dsp.convert.PcmConversion;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sample-format conversion of 1 M samples per operation, next to {@code copy}, a plain
 * {@code System.arraycopy} of 1 M floats in the same run (the bound: float32 to int16
 * within 2× of the copy). The signal is noise at ±1.2 full scale, so some samples clip. Run:
 *
 * <pre>
 * java -cp examples/target/reactive-audio.jar org.openjdk.jmh.Main PcmConversionBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PcmConversionBenchmark {

    private static final int SAMPLES = 1 << 20;

    private float[] floats;
    private float[] copy;
    private short[] int16;
    private int[] int24;
    private byte[] packed24;

    @Setup
    public void fill() {
        SplittableRandom random = new SplittableRandom(1);
        floats = new float[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            floats[i] = (float) (2.4 * (random.nextDouble() - 0.5));
        }
        copy = new float[SAMPLES];
        int16 = new short[SAMPLES];
        int24 = new int[SAMPLES];
        packed24 = new byte[3 * SAMPLES];
    }

    /** The peer: copying the floats. */
    @Benchmark
    public float[] copy() {
        System.arraycopy(floats, 0, copy, 0, SAMPLES);
        return copy;
    }

    @Benchmark
    public short[] floatToInt16() {
        PcmConversion.toInt16(floats, 0, int16, 0, SAMPLES);
        return int16;
    }

    @Benchmark
    public float[] int16ToFloat() {
        PcmConversion.fromInt16(int16, 0, copy, 0, SAMPLES);
        return copy;
    }

    @Benchmark
    public int[] floatToInt24() {
        PcmConversion.toInt24(floats, 0, int24, 0, SAMPLES);
        return int24;
    }

    @Benchmark
    public byte[] floatToInt24Packed() {
        PcmConversion.toInt24Packed(floats, 0, packed24, 0, SAMPLES);
        return packed24;
    }
}
