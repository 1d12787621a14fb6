package io.reactiveaudio.examples.bench;

import io.reactiveaudio.dsp.resample.PolyphaseFilter;
import io.reactiveaudio.dsp.resample.PolyphaseResampler;
import io.reactiveaudio.dsp.resample.ResampleRatio;
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
 * One second of mono audio resampled per operation, through a resampler that is reused (its
 * filter designed once, as the pipeline shares it), on one thread: {@code process} and
 * {@code flush} of the whole second. The bound for 44.1 kHz to 16 kHz is 0.27 ms. Run:
 *
 * <pre>
 * java -cp examples/target/reactive-audio.jar org.openjdk.jmh.Main ResampleBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ResampleBenchmark {

    /** Input and output rates in Hz, {@code in:out}. */
    @Param({"44100:16000", "48000:16000", "16000:8000"})
    public String rates;

    private PolyphaseResampler resampler;
    private float[] second;
    private float[] out;

    @Setup
    public void design() {
        String[] parts = rates.split(":");
        int in = Integer.parseInt(parts[0]);
        int outRate = Integer.parseInt(parts[1]);
        resampler = new PolyphaseResampler(PolyphaseFilter.design(new ResampleRatio(in, outRate)), 1);
        SplittableRandom random = new SplittableRandom(1);
        second = new float[in];
        for (int i = 0; i < in; i++) {
            second[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / in) + 0.01 * random.nextGaussian());
        }
        out = new float[resampler.maxOutputFrames(in) + 1];
    }

    @Benchmark
    public float[] oneSecond() {
        int written = resampler.process(second, 0, second.length, out, 0);
        resampler.flush(out, written);
        return out;
    }
}
