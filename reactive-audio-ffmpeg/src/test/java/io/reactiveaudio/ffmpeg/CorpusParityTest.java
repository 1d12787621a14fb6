package io.reactiveaudio.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.PcmReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * FFmpeg against the JLayer path on a real MP3 corpus: the same frame count and at least 100 dB
 * signal-to-difference for every file. A near-silent file (the music corpus has one at -91 dBFS)
 * cannot reach 100 dB relative to its own tiny power, so there the difference itself must stay
 * below -120 dBFS (full scale 1.0). Also measures each decoder's rate in samples per second of one
 * thread's CPU time. Runs only when {@code RA_CORPUS} names a folder (the shared corpus script's
 * output, e.g. {@code /tmp/ra-corpus}); prints one line per file and a summary.
 */
class CorpusParityTest {

    private static final int CHUNK = 65_536;

    @Test
    void everyMp3HasTheJLayerFrameCountAndAtLeast100DbSignalToDifference() throws IOException {
        String root = System.getenv("RA_CORPUS");
        assumeTrue(root != null && Files.isDirectory(Path.of(root)), "RA_CORPUS names no folder");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of(root))) {
            files = walk.filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".mp3")).sorted().toList();
        }
        assumeTrue(!files.isEmpty(), "no MP3 under " + root);
        Rate jlayer = new Rate();
        Rate ffmpeg = new Rate();
        List<String> failures = new ArrayList<>();
        double minSdr = Double.POSITIVE_INFINITY;
        for (Path file : files) {
            float[] reference = decode(AudioDecoders.builtIn(), file, jlayer);
            float[] candidate = decode(AudioDecoders.preferring("ffmpeg"), file, ffmpeg);
            double sdr = FfmpegFixture.sdrDb(reference, candidate);
            double differenceDbfs = FfmpegFixture.differenceDbfs(reference, candidate);
            minSdr = Math.min(minSdr, sdr);
            System.out.printf(Locale.ROOT, "%s samples jlayer %d ffmpeg %d SDR %.1f dB difference %.1f dBFS%n", file,
                    reference.length, candidate.length, sdr, differenceDbfs);
            if (reference.length != candidate.length || (sdr < 100 && differenceDbfs > -120)) {
                failures.add(file.getFileName() + " (" + reference.length + " vs " + candidate.length + " samples, "
                        + sdr + " dB)");
            }
        }
        System.out.printf(Locale.ROOT, "%d files, min SDR %.1f dB; samples/s per thread: jlayer %.1f M, ffmpeg %.1f M%n",
                files.size(), minSdr, jlayer.perSecond() / 1e6, ffmpeg.perSecond() / 1e6);
        assertTrue(failures.isEmpty(), failures.toString());
    }

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
                    all = java.util.Arrays.copyOf(all, Math.max(2 * all.length, used + n * channels));
                }
                System.arraycopy(buffer, 0, all, used, n * channels);
                used += n * channels;
                rate.samples += (long) n * channels;
            }
            return java.util.Arrays.copyOf(all, used);
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
