package io.reactiveaudio.examples.bench;

import io.reactiveaudio.dsp.vad.EnergyVad;
import io.reactiveaudio.dsp.vad.NonSilentRegion;
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
 * The non-silent region of 1 s of 16 kHz mono (a tone burst in noise) with DALI's defaults, per
 * operation; the bound is 0.15 ms. {@code fixedReference} skips the pass that finds the
 * loudest window. Run:
 *
 * <pre>
 * java -cp examples/target/reactive-audio.jar org.openjdk.jmh.Main EnergyVadBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EnergyVadBenchmark {

    private static final int RATE = 16_000;

    private final EnergyVad vad = EnergyVad.defaults();
    private final EnergyVad fixed = EnergyVad.defaults().withReferencePower(0.1);
    private float[] second;

    @Setup
    public void fill() {
        SplittableRandom random = new SplittableRandom(1);
        second = new float[RATE];
        for (int i = 0; i < RATE; i++) {
            double tone = i >= 4_000 && i < 12_000 ? 0.5 * Math.sin(2 * Math.PI * 440 * i / RATE) : 0;
            second[i] = (float) (tone + 1e-3 * random.nextGaussian());
        }
    }

    @Benchmark
    public NonSilentRegion referenceMax() {
        return vad.nonSilentRegion(second);
    }

    @Benchmark
    public NonSilentRegion fixedReference() {
        return fixed.nonSilentRegion(second);
    }
}
