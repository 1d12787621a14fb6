package io.reactiveaudio.netty.server;

import io.reactiveaudio.pipeline.AudioPipeline;
import io.reactiveaudio.source.Sources;
import io.reactiveaudio.test.Signals;
import io.reactiveaudio.test.WavFixtureWriter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The corpus and pipeline the fault tests that resume serve: {@value #FILES} float WAV files of
 * noise at 16 kHz, mono, 1 to 2.3 s; segments of 4 000 frames, a shuffle window of 16, batches of
 * 4 (64 000 bytes of audio), the last batch of an epoch possibly partial (it then carries no
 * checkpoint). About 13 batches an epoch at world size 1.
 */
final class FaultCorpus {

    static final int FILES = 8;

    private FaultCorpus() {
    }

    /** Writes the corpus into {@code dir}. */
    static void write(Path dir) throws IOException {
        for (int i = 0; i < FILES; i++) {
            WavFixtureWriter.of(WavFixtureWriter.Encoding.FLOAT32).write(dir.resolve(String.format("%02d.wav", i)),
                    Signals.noise(i, 16_000, 1, 16_000 + 2_311 * i, 0.5), 1, 16_000);
        }
    }

    /** The pipeline over the corpus in {@code dir}. */
    static AudioPipeline pipeline(Path dir) {
        return AudioPipeline.from(Sources.directory(dir).scan()).frames(4_000).shuffle(16).batch(4);
    }
}
