package io.reactiveaudio.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.test.Encoders;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The differential test on a real corpus: every MP3, WAV and FLAC under the folder {@code RA_CORPUS}
 * names (the shared corpus script's output, e.g. {@code /tmp/ra-corpus}, or one of its folders)
 * decoded by the built-in decoders ({@code jlayer}), by the FFmpeg backend and by Debian's
 * reference decoders ({@code mpg123} for MP3, {@code flac -d} for FLAC). Every file has one
 * frame count in all of them; MP3s agree to at least 100 dB signal-to-difference over the whole
 * length, or, for a near-silent file that cannot reach 100 dB relative to its own tiny power (the
 * music corpus has one at -91 dBFS), differ by less than -120 dBFS; WAV and FLAC decode bit for
 * bit alike. Also measures each backend's MP3 decoding rate in samples per second of one thread's
 * CPU time. Skipped without {@code RA_CORPUS}; prints one table row per file and a summary, the
 * figures in {@code docs/reliability.md}.
 */
class CorpusParityTest {

    private static final int CHUNK = 65_536;
    private static final double MIN_MP3_SDR_DB = 100;

    @Test
    void everyMp3HasOneFrameCountAndAtLeast100DbInBothBackendsAndMpg123() throws IOException {
        List<Path> files = corpus(".mp3");
        Rate jlayer = new Rate();
        Rate ffmpeg = new Rate();
        List<String> disagreements = new ArrayList<>();
        double minSdr = Double.POSITIVE_INFINITY;
        for (Path file : files) {
            Decodes decodes = Decodes.of(name(file), AudioDecoders.builtIn().probe(file).channels())
                    .add("jlayer", () -> decode(AudioDecoders.builtIn(), file, jlayer))
                    .add("ffmpeg", () -> decode(AudioDecoders.preferring("ffmpeg"), file, ffmpeg))
                    .add("mpg123", () -> Encoders.mpg123(file));
            System.out.println(decodes.row());
            disagreements.addAll(decodes.disagreements(MIN_MP3_SDR_DB));
            minSdr = Math.min(minSdr, Math.min(decodes.sdrDb("jlayer", "ffmpeg"),
                    Math.min(decodes.sdrDb("jlayer", "mpg123"), decodes.sdrDb("ffmpeg", "mpg123"))));
        }
        System.out.printf(Locale.ROOT, "%d MP3s, %d disagreements, min SDR %.1f dB; samples/s per thread: jlayer %.1f M,"
                + " ffmpeg %.1f M%n", files.size(), disagreements.size(), minSdr, jlayer.perSecond() / 1e6,
                ffmpeg.perSecond() / 1e6);
        assertEquals(List.of(), disagreements);
    }

    @Test
    void everyWavAndFlacDecodesBitExactInBothBackendsAndFlac() throws IOException {
        List<Path> files = Stream.concat(corpus(".wav").stream(), corpus(".flac").stream()).toList();
        List<String> disagreements = new ArrayList<>();
        long samples = 0;
        for (Path file : files) {
            Decodes decodes = Decodes.of(name(file), AudioDecoders.builtIn().probe(file).channels())
                    .add("jlayer", AudioDecoders.builtIn(), file)
                    .add("ffmpeg", AudioDecoders.preferring("ffmpeg"), file);
            if (file.toString().endsWith(".flac")) {
                decodes.add("flac", () -> Encoders.flacDecode(file));
            }
            System.out.println(decodes.row());
            disagreements.addAll(decodes.disagreements(Double.POSITIVE_INFINITY));
            samples += decodes.frames("jlayer");
        }
        System.out.printf(Locale.ROOT, "%d WAV and FLAC files, %d frames, %d disagreements%n", files.size(), samples,
                disagreements.size());
        assertEquals(List.of(), disagreements);
    }

    /** The files under {@code RA_CORPUS} whose names end with {@code extension}, sorted; skips when there are none. */
    private static List<Path> corpus(String extension) throws IOException {
        String root = System.getenv("RA_CORPUS");
        assumeTrue(root != null && Files.isDirectory(Path.of(root)), "RA_CORPUS names no folder");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of(root))) {
            files = walk.filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(extension)).sorted().toList();
        }
        assumeTrue(!files.isEmpty(), "no " + extension + " file under " + root);
        return files;
    }

    /** The file's path relative to {@code RA_CORPUS} ({@code speech/en-gb/04.mp3}). */
    private static String name(Path file) {
        return Path.of(System.getenv("RA_CORPUS")).relativize(file).toString();
    }

    /** Decodes a whole file, adding the samples and the decoding thread's CPU time to {@code rate}. */
    private static float[] decode(AudioDecoders decoders, Path file, Rate rate) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (PcmReader reader = decoders.open(file)) {
            int channels = reader.info().channels();
            float[] all = new float[0];
            float[] buffer = new float[CHUNK * channels];
            int used = 0;
            while (true) {
                long cpu = threads.getCurrentThreadCpuTime();
                int n = reader.read(buffer, CHUNK);
                rate.cpuNanos += threads.getCurrentThreadCpuTime() - cpu;
                if (n < 0) {
                    break;
                }
                if (used + n * channels > all.length) {
                    all = Arrays.copyOf(all, Math.max(2 * all.length, used + n * channels));
                }
                System.arraycopy(buffer, 0, all, used, n * channels);
                used += n * channels;
                rate.samples += (long) n * channels;
            }
            return Arrays.copyOf(all, used);
        }
    }

    /** Samples decoded and the decoding thread's CPU time. */
    private static final class Rate {
        long samples;
        long cpuNanos;

        double perSecond() {
            return samples / (cpuNanos / 1e9);
        }
    }
}
