package io.reactiveaudio.examples.bench;

import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.Augmentation;
import io.reactiveaudio.augment.Compose;
import io.reactiveaudio.augment.filter.CutoffFilter;
import io.reactiveaudio.augment.time.PitchShift;
import io.reactiveaudio.augment.time.SpeedPerturb;
import io.reactiveaudio.augment.time.TimeStretch;
import io.reactiveaudio.augment.wave.AddGaussianSnr;
import io.reactiveaudio.augment.wave.Gain;
import io.reactiveaudio.augment.wave.PolarityInversion;
import io.reactiveaudio.augment.wave.Shift;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.SampleBuffer;

/**
 * The augmentations' cost as a share of JLayer's decoding, measured in this thread's CPU time and
 * interleaved: each round decodes one segment's worth of MP3 frames (393 216 samples, as
 * {@link WaveAugmentationBenchmark#jlayerDecode}) and then runs every augmentation once on a
 * segment of 196 608 stereo frames, so both see the same machine conditions. On a shared machine
 * wall-clock JMH figures swing with the other processes' load (a benchmark measured while the
 * load is high looks slower than one measured a minute later); CPU time per thread counts only
 * the time this thread ran, and interleaving spreads what remains (caches shared with others,
 * frequency changes) over both sides alike. A complement to the JMH benchmarks, not a
 * replacement: it has no forks or blackholes, so it reports the median of per-round ratios after
 * warm-up rounds. Run:
 *
 * <pre>
 * java -cp examples/target/reactive-audio.jar io.reactiveaudio.examples.bench.AugmentationCostRatio \
 *     /tmp/ra-corpus/mp3/class_a/03-casualties_of_war.mp3 [rounds]
 * </pre>
 */
public final class AugmentationCostRatio {

    private static final int FRAMES = 196_608;
    private static final int SAMPLES = FRAMES * 2;
    private static final int MP3_FRAMES = SAMPLES / (1_152 * 2);
    private static final int RATE = 44_100;
    private static final int WARMUP = 20;

    private AugmentationCostRatio() {
    }

    /**
     * Prints ns per sample (CPU time) of JLayer and of each augmentation, and each one's median
     * share of decoding.
     */
    public static void main(String[] args) throws Exception {
        byte[] mp3 = Files.readAllBytes(Path.of(args[0]));
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        Map<String, Augmentation> transforms = new LinkedHashMap<>();
        transforms.put("copy", (audio, context) -> audio);
        transforms.put("meanPower", (audio, context) -> {
            audio.samples()[0] += (float) audio.meanPower() * 0;
            return audio;
        });
        transforms.put("gain", Gain.db(-6, 6));
        transforms.put("gaussianSnr", AddGaussianSnr.db(10, 40));
        transforms.put("polarity", PolarityInversion.create());
        transforms.put("shift", Shift.fraction(-0.5, 0.5));
        transforms.put("lowPass", CutoffFilter.lowPass(2_000, 8_000));
        transforms.put("cheapChain", Compose.of(Gain.db(-6, 6), AddGaussianSnr.db(10, 40), PolarityInversion.create(),
                Shift.fraction(-0.5, 0.5), CutoffFilter.lowPass(2_000, 8_000)));
        transforms.put("speedPerturb", SpeedPerturb.defaults());
        transforms.put("timeStretch", TimeStretch.defaults());
        transforms.put("pitchShift", PitchShift.defaults());

        float[] source = new float[SAMPLES];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < SAMPLES; i++) {
            source[i] = (float) (0.3 * (random.nextDouble() - 0.5));
        }
        float[] work = new float[SAMPLES];
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        int measured = rounds - WARMUP;
        double[] decode = new double[measured];
        Map<String, double[]> cost = new LinkedHashMap<>();
        transforms.keySet().forEach(name -> cost.put(name, new double[measured]));
        long sink = 0;
        long item = 0;
        for (int round = 0; round < rounds; round++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            sink += decode(mp3);
            long decodeNs = cpu.getCurrentThreadCpuTime() - t0;
            if (round >= WARMUP) {
                decode[round - WARMUP] = decodeNs / (double) SAMPLES;
            }
            for (Map.Entry<String, Augmentation> transform : transforms.entrySet()) {
                long a0 = cpu.getCurrentThreadCpuTime();
                System.arraycopy(source, 0, work, 0, SAMPLES);
                Audio out = transform.getValue().apply(new Audio(work, FRAMES, 2, RATE),
                        AugmentContext.forItem(1, 0, item++, 0));
                sink += Float.floatToRawIntBits(out.samples()[0]);
                long augmentNs = cpu.getCurrentThreadCpuTime() - a0;
                if (round >= WARMUP) {
                    cost.get(transform.getKey())[round - WARMUP] = augmentNs / (double) SAMPLES;
                }
            }
        }
        double decodeMedian = median(decode);
        System.out.printf(Locale.ROOT, "%-13s %8.2f ns/sample (CPU time, median of %d rounds)%n", "jlayerDecode",
                decodeMedian, measured);
        for (Map.Entry<String, double[]> entry : cost.entrySet()) {
            double[] ratios = new double[measured];
            for (int r = 0; r < measured; r++) {
                ratios[r] = entry.getValue()[r] / decode[r];
            }
            System.out.printf(Locale.ROOT, "%-13s %8.2f ns/sample  %6.1f %% of decoding%n", entry.getKey(),
                    median(entry.getValue()), 100 * median(ratios));
        }
        System.out.println(sink == 42 ? "" : "(checksum " + Long.toHexString(sink) + ")");
    }

    /** JLayer decoding {@value #MP3_FRAMES} MP3 frames from memory; a sum to keep the work alive. */
    private static long decode(byte[] mp3) throws Exception {
        Bitstream bitstream = new Bitstream(new ByteArrayInputStream(mp3));
        Decoder decoder = new Decoder();
        long sum = 0;
        for (int i = 0; i < MP3_FRAMES; i++) {
            Header header = bitstream.readFrame();
            if (header == null) {
                throw new IllegalStateException("fewer than " + MP3_FRAMES + " MP3 frames");
            }
            SampleBuffer out = (SampleBuffer) decoder.decodeFrame(header, bitstream);
            sum += out.getBuffer()[0];
            bitstream.closeFrame();
        }
        return sum;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
