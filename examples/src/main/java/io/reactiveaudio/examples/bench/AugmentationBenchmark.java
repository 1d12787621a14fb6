package io.reactiveaudio.examples.bench;

import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.Augmentation;
import io.reactiveaudio.augment.time.PitchShift;
import io.reactiveaudio.augment.time.SpeedPerturb;
import io.reactiveaudio.augment.time.TimeStretch;
import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.PcmReader;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the length- and pitch-changing augmentations against decoding, per thread, in the
 * same run: each augmentation benchmark transforms one segment of 196 608 frames of the given
 * 44.1 kHz stereo MP3 (its first frames, decoded once) with a new item key per operation, so the
 * parameters vary as in training; {@code jlayerDecode} decodes the whole file as
 * {@link DecodeBenchmark#jlayer16Bit} does. The {@code samples} counter is input samples
 * (frames x channels) per second, so ns per sample is 10^9 / samples. Run (single thread):
 *
 * <pre>
 * java -cp examples/target/reactive-audio.jar org.openjdk.jmh.Main AugmentationBenchmark \
 *     -p file=/tmp/ra-corpus/mp3/class_a/03-casualties_of_war.mp3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class AugmentationBenchmark {

    /** Frames per segment, the pipeline benchmark's frame size. */
    public static final int SEGMENT_FRAMES = 196_608;

    /** A 44.1 kHz stereo MP3 at least {@value #SEGMENT_FRAMES} frames long. */
    @Param("")
    public String file;

    private Path path;
    private float[] segment;
    private int channels;
    private int sampleRate;

    private final Augmentation speedPerturb = SpeedPerturb.defaults();
    private final Augmentation timeStretch = TimeStretch.defaults();
    private final Augmentation pitchShift = PitchShift.defaults();

    /** Input samples (frames x channels), reported by JMH per second, and the item keys used. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Samples {
        public long samples;
        private long item;

        @Setup(Level.Iteration)
        public void reset() {
            samples = 0;
        }

        /** The next item's context. */
        AugmentContext nextItem() {
            return AugmentContext.forItem(42, 0, item++, 0);
        }
    }

    @Setup
    public void decodeSegment() {
        if (file.isEmpty()) {
            throw new IllegalArgumentException("give a 44.1 kHz stereo MP3 with -p file=PATH");
        }
        path = Path.of(file);
        try (PcmReader reader = AudioDecoders.standard().open(path)) {
            channels = reader.info().channels();
            sampleRate = reader.info().sampleRate();
            segment = new float[SEGMENT_FRAMES * channels];
            float[] chunk = new float[8192 * channels];
            int filled = 0;
            int n;
            while (filled < SEGMENT_FRAMES && (n = reader.read(chunk, Math.min(8192, SEGMENT_FRAMES - filled))) > 0) {
                System.arraycopy(chunk, 0, segment, filled * channels, n * channels);
                filled += n;
            }
            if (filled < SEGMENT_FRAMES) {
                throw new IllegalArgumentException(file + " has fewer than " + SEGMENT_FRAMES + " frames");
            }
        }
    }

    /** JLayer decoding the whole file, the cost the augmentations are measured against. */
    @Benchmark
    public long jlayerDecode(Samples counter) {
        long samples = DecodeBenchmark.decodeWithJLayer(path);
        counter.samples += samples;
        return samples;
    }

    /** {@link SpeedPerturb#defaults()}: factor 0.9, 1.0 or 1.1 (1.0 costs nothing). */
    @Benchmark
    public Audio speedPerturb(Samples counter) {
        return augment(speedPerturb, counter);
    }

    /** {@link TimeStretch#defaults()}: rate 0.8..1.25, length unchanged. */
    @Benchmark
    public Audio timeStretch(Samples counter) {
        return augment(timeStretch, counter);
    }

    /** {@link PitchShift#defaults()}: -4..4 semitones. */
    @Benchmark
    public Audio pitchShift(Samples counter) {
        return augment(pitchShift, counter);
    }

    /** These transforms leave their input unchanged, so the segment is shared, not copied. */
    private Audio augment(Augmentation augmentation, Samples counter) {
        Audio out = augmentation.apply(new Audio(segment, SEGMENT_FRAMES, channels, sampleRate), counter.nextItem());
        counter.samples += segment.length;
        return out;
    }
}
