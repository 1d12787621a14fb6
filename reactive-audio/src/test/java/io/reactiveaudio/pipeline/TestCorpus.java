package io.reactiveaudio.pipeline;

import io.reactiveaudio.source.SourceSet;
import io.reactiveaudio.source.Sources;
import io.reactiveaudio.test.Signals;
import io.reactiveaudio.test.WavFixtureWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.CRC32C;

/**
 * A small corpus of float WAV noise files {@code 00.wav, 01.wav, ...}: file i has
 * {@code first + step * i} frames, is at 22 050 Hz when i is a multiple of 3 (16 kHz otherwise) and
 * mono when i is even (stereo otherwise), so that pipelines resample and map channels.
 */
final class TestCorpus {

    private TestCorpus() {
    }

    static SourceSet write(Path dir, int files, int first, int step) throws IOException {
        for (int i = 0; i < files; i++) {
            int rate = rate(i);
            int channels = i % 2 == 0 ? 1 : 2;
            WavFixtureWriter.of(WavFixtureWriter.Encoding.FLOAT32).write(dir.resolve(String.format("%02d.wav", i)),
                    Signals.noise(i, rate, channels, first + step * i, 0.5), channels, rate);
        }
        return Sources.directory(dir).scan();
    }

    /** The CRC-32C of every batch's bytes, in order; releases the batches. */
    static long checksum(AudioPipeline pipeline) {
        CRC32C crc = new CRC32C();
        pipeline.flux().doOnNext(b -> {
            crc.update(b.bytes());
            b.release();
        }).blockLast(Duration.ofSeconds(30));
        return crc.getValue();
    }

    static int rate(long index) {
        return index % 3 == 0 ? 22_050 : 16_000;
    }
}
