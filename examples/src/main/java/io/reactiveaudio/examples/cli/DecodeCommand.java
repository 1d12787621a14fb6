package io.reactiveaudio.examples.cli;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.codec.Concealment;
import io.reactiveaudio.codec.DamagedRegion;
import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.examples.encode.PcmFileWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code reactive-audio decode FILE --out OUT [--stats]}: decodes one file to float32 samples, with a
 * progress bar in sample frames ({@link ProgressOptions}). Decoding and writing run on a
 * bounded-elastic thread. Damage the decoder concealed is printed to
 * standard error, and counted in the statistics.
 */
@Command(name = "decode", description = "Decodes FILE to float32 at full scale 1.0. OUT by extension: .npy (NumPy, "
        + "shape (frames, channels)), .f32 (raw little-endian interleaved), .wav (IEEE float WAV).")
final class DecodeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "An MP3, WAV or FLAC file (and AAC/M4A, Opus, Vorbis with FFmpeg).")
    Path file;

    @Option(names = "--out", paramLabel = "OUT", description = "Output file (.npy, .f32 or .wav).")
    Path out;

    @Option(names = {"--stats", "--json"}, description = "Print decode statistics as one JSON line: frames, samples, CPU seconds of the "
            + "decoding thread, decoded samples per second per thread (writing excluded), and the damage the decoder "
            + "concealed (bytes skipped, coded frames concealed, frames of silence).")
    boolean stats;

    @Mixin
    DecoderOption decoder;

    @Mixin
    ProgressOptions progress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (out == null && !stats) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give --out OUT, --stats (--json) or both");
        }
        DecodeStats result = Mono.fromCallable(this::decode).subscribeOn(Schedulers.boundedElastic()).block();
        Concealment damage = result.concealment();
        if (damage.any()) {
            spec.commandLine().getErr().printf("%s: damage concealed: %d bytes skipped, %d coded frames replaced by %d"
                    + " frames of silence%n", file, damage.skippedBytes(), damage.concealedUnits(), damage.silentFrames());
            damage.regions().forEach(region -> spec.commandLine().getErr().printf("%s: %s%n", file, region));
        }
        if (stats) {
            spec.commandLine().getOut().println(result.json());
        }
        return 0;
    }

    private DecodeStats decode() throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long wallStart = System.nanoTime();
        long cpuNanos = 0;
        long frames = 0;
        try (PcmReader reader = decoder.decoders().open(file);
             PcmFileWriter writer = out == null ? null
                     : PcmFileWriter.create(out, reader.info().channels(), reader.info().sampleRate())) {
            AudioInfo info = reader.info();
            ProgressBar bar = info.framesKnown() && info.frames() > 0
                    ? progress.bar("decode", "frames", info.frames())
                    : ProgressBar.silent();
            int chunk = 65_536;
            float[] buffer = new float[chunk * info.channels()];
            while (true) {
                long cpu = threads.getCurrentThreadCpuTime();
                int n = reader.read(buffer, chunk);
                cpuNanos += threads.getCurrentThreadCpuTime() - cpu;
                if (n < 0) {
                    break;
                }
                frames += n;
                bar.step(frames, file.getFileName().toString());
                if (writer != null) {
                    writer.write(buffer, n);
                }
            }
            bar.finish();
            return new DecodeStats(file, info, decoder.resolved(), frames, (System.nanoTime() - wallStart) / 1e9, cpuNanos / 1e9,
                    reader.concealment());
        } catch (RuntimeException e) {
            if (out != null) {
                Files.deleteIfExists(out);
            }
            throw e;
        }
    }

    /** What one decode did; {@code cpuSeconds} counts the decoding thread's CPU time in reads only. */
    private record DecodeStats(Path file, AudioInfo info, String decoder, long frames, double wallSeconds, double cpuSeconds,
                               Concealment concealment) {

        String json() {
            long samples = frames * info.channels();
            return JsonLine.of(g -> {
                g.writeStringField("path", file.toString());
                g.writeStringField("format", info.codec().id());
                g.writeStringField("decoder", decoder);
                g.writeNumberField("frames", frames);
                g.writeNumberField("samples", samples);
                g.writeNumberField("wall_s", wallSeconds);
                g.writeNumberField("decode_cpu_s", cpuSeconds);
                g.writeNumberField("samples_per_s_per_thread", Math.round(samples / Math.max(cpuSeconds, 1e-9)));
                g.writeNumberField("skipped_bytes", concealment.skippedBytes());
                g.writeNumberField("concealed_frames", concealment.concealedUnits());
                g.writeNumberField("silent_frames", concealment.silentFrames());
                g.writeArrayFieldStart("damaged_regions");
                for (DamagedRegion region : concealment.regions()) {
                    g.writeStartObject();
                    g.writeStringField("kind", region.kind().name().toLowerCase(java.util.Locale.ROOT));
                    g.writeNumberField("from_byte", region.fromByte());
                    g.writeNumberField("to_byte", region.toByte());
                    g.writeNumberField("at_frame", region.atFrame());
                    g.writeNumberField("silent_frames", region.silentFrames());
                    g.writeEndObject();
                }
                g.writeEndArray();
            });
        }
    }
}
