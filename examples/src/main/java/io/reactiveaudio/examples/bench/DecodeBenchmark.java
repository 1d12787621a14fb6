package io.reactiveaudio.examples.bench;

import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.PcmReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.JavaLayerException;
import javazoom.jl.decoder.SampleBuffer;
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
 * Decode speed per thread: reactive-audio's decoders against JLayer's own 16-bit path, on the same
 * file in the same run. The {@code samples} counter is decoded samples (frames x channels) per
 * second. Run (single thread, one fork):
 *
 * <pre>
 * java -cp examples/target/reactive-audio.jar org.openjdk.jmh.Main DecodeBenchmark \
 *     -p file=/tmp/ra-corpus/mp3/class_a/00-battle-epic.mp3
 * </pre>
 *
 * {@code jlayer16Bit} only applies to MP3 files.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class DecodeBenchmark {

    /** The audio file to decode (MP3, WAV or FLAC). */
    @Param("")
    public String file;

    private Path path;

    /** Decoded samples (frames x channels), reported by JMH per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Samples {
        public long samples;

        @Setup(Level.Iteration)
        public void reset() {
            samples = 0;
        }
    }

    @Setup
    public void locate() {
        if (file.isEmpty()) {
            throw new IllegalArgumentException("give the file to decode with -p file=PATH");
        }
        path = Path.of(file);
    }

    /** reactive-audio: the float path (MP3 through JLayer's synthesis filter, gapless), WAV or FLAC. */
    @Benchmark
    public long reactiveAudio(Samples counter) {
        float[] buffer = new float[8192 * 8];
        long samples = 0;
        try (PcmReader reader = AudioDecoders.standard().open(path)) {
            int channels = reader.info().channels();
            int n;
            while ((n = reader.read(buffer, 8192)) > 0) {
                samples += (long) n * channels;
            }
        }
        counter.samples += samples;
        return samples;
    }

    /** JLayer as commonly used: {@code Decoder.decodeFrame} into its clipped 16-bit {@code SampleBuffer}. */
    @Benchmark
    public long jlayer16Bit(Samples counter) {
        long samples = decodeWithJLayer(path);
        counter.samples += samples;
        return samples;
    }

    /**
     * Decodes a whole MP3 file as JLayer is commonly used ({@code Decoder.decodeFrame} into its
     * clipped 16-bit {@code SampleBuffer}) and returns the samples decoded (frames x channels).
     */
    static long decodeWithJLayer(Path path) {
        long samples = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            Bitstream bitstream = new Bitstream(in);
            Decoder decoder = new Decoder();
            Header header;
            while ((header = bitstream.readFrame()) != null) {
                SampleBuffer out = (SampleBuffer) decoder.decodeFrame(header, bitstream);
                samples += out.getBufferLength();
                bitstream.closeFrame();
            }
        } catch (IOException | JavaLayerException e) {
            throw new IllegalStateException(e);
        }
        return samples;
    }
}
