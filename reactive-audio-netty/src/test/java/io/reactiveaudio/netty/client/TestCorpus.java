package io.reactiveaudio.netty.client;

import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.pipeline.AudioPipeline;
import io.reactiveaudio.source.Sources;
import io.reactiveaudio.test.Signals;
import io.reactiveaudio.test.WavFixtureWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A corpus of float WAV noise files in two label folders, and the pipeline the loopback tests
 * serve: 4 000-frame mono segments at 16 kHz, a window of 16, batches of 4.
 */
final class TestCorpus {

    private TestCorpus() {
    }

    /** Writes {@code files} files of 1..2 s into {@code dir}/a and {@code dir}/b. */
    static void write(Path dir, int files) throws IOException {
        for (int i = 0; i < files; i++) {
            Path folder = dir.resolve(i % 2 == 0 ? "a" : "b");
            Files.createDirectories(folder);
            int rate = i % 3 == 0 ? 22_050 : 16_000;
            int channels = i % 2 + 1;
            WavFixtureWriter.of(WavFixtureWriter.Encoding.FLOAT32).write(folder.resolve(String.format("%02d.wav", i)),
                    Signals.noise(i, rate, channels, rate + 1_733 * i, 0.5), channels, rate);
        }
    }

    static AudioPipeline pipeline(Path dir) {
        return AudioPipeline.from(Sources.directory(dir).labelsFromParentFolder(true).scan())
                .conform(16_000, ChannelPolicy.mono()).frames(4_000).shuffle(16).batch(4);
    }

    /** The fingerprint of one batch: CRC-32C of its samples, labels, lengths and indices. */
    static long fingerprint(ByteBuffer samples, int[] labels, int[] lengths, long[] indices) {
        CRC32C crc = new CRC32C();
        crc.update(samples);
        for (int v : labels) {
            crc.update(v);
        }
        for (int v : lengths) {
            crc.update(v);
        }
        for (long v : indices) {
            crc.update((int) v);
            crc.update((int) (v >>> 32));
        }
        return crc.getValue();
    }

    static long fingerprint(Batch b) {
        return fingerprint(b.bytes(), b.labels(), b.lengths(), b.sourceIndices());
    }

    static long fingerprint(ReceivedBatch b) {
        return fingerprint(b.data(), b.labels(), b.lengths(), b.indices());
    }

    /** The fingerprints of every batch of {@code pipeline}, in order; releases them. */
    static List<Long> local(AudioPipeline pipeline) {
        List<Long> out = new ArrayList<>();
        pipeline.flux().doOnNext(b -> {
            out.add(fingerprint(b));
            b.release();
        }).blockLast(Duration.ofSeconds(60));
        return out;
    }
}
