package com.example.audio;

import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.batch.BatchIterator;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.decode.DecodeReport;
import io.reactiveaudio.decode.ErrorPolicy;
import io.reactiveaudio.pipeline.AudioPipeline;
import io.reactiveaudio.source.SourceSet;
import io.reactiveaudio.source.Sources;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import reactor.core.publisher.Flux;

/**
 * reactive-audio's quick start: one epoch of a corpus folder (MP3, WAV, FLAC; each file's folder is
 * its label) as shuffled, labelled batches of 1 s mono segments at 16 kHz, consumed one at a time.
 * Prints, per batch, its shape, labels and RMS level, then what was decoded and what was skipped.
 *
 * <p>Run: {@code java -cp ... com.example.audio.Quickstart DIR} (scripts/build-sample.sh does it).
 */
public final class Quickstart {

    private Quickstart() {
    }

    /** Reads the corpus in {@code args[0]}; exits 1 when a file could not be decoded (skipped, reported). */
    public static void main(String[] args) {
        SourceSet corpus = Sources.directory(Path.of(args[0])).labelsFromParentFolder(true).scan();
        DecodeReport report = new DecodeReport();
        Flux<Batch> batches = AudioPipeline.from(corpus)
                .decode(Decode.defaults().errorPolicy(ErrorPolicy.SKIP_AND_REPORT).report(report))
                .conform(16_000, ChannelPolicy.mono())    // resampled, mixed down
                .frames(16_000)                           // 1 s segments
                .shuffle(256).batch(8)                    // shuffle window, batch size
                .seed(42).epochs(1)
                .flux();
        long items = 0;
        try (BatchIterator it = BatchIterator.of(batches, 2)) {   // 2 batches made ahead
            while (it.hasNext()) {
                try (Batch batch = it.next()) {                   // back to its pool at the end
                    FloatBuffer audio = batch.audio();            // (8, 16000, 1) float32
                    double sum = 0;
                    for (int i = audio.position(); i < audio.limit(); i++) {
                        sum += audio.get(i) * audio.get(i);
                    }
                    System.out.printf("batch of %d, labels %s, rms %.3f%n", batch.size(),
                            Arrays.toString(batch.labels()), Math.sqrt(sum / audio.remaining()));
                    items += batch.size();
                }
            }
        }
        System.out.printf("%d segments of %s; %s%n", items, corpus.labels().names(), report);
        System.exit(report.problemFiles() == 0 ? 0 : 1);
    }
}
