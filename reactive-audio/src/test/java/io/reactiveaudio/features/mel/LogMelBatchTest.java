package io.reactiveaudio.features.mel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.audio.Segment;
import io.reactiveaudio.batch.Batcher;
import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.stage.BatchFeatures;
import io.reactiveaudio.test.Signals;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * The log-mel extractor as a batch stage: computed on the parallel scheduler (BlockHound active, so
 * the FFT must not block), each item equal to the extractor's result on that item alone.
 */
class LogMelBatchTest {

    @Test
    void aBatchOfLogMelsHoldsEachItemsOwnFeatures() {
        FeatureExtractor logMel = LogMel.builder().nFft(512).hopLength(160).nMels(40).topDb(80).build();
        List<Segment> segments = IntStream.range(0, 6).mapToObj(LogMelBatchTest::segment).toList();
        int bins = logMel.bins();
        int frames = logMel.frames(3_200);
        List<float[]> items = new ArrayList<>();

        Flux.fromIterable(segments)
                .transform(Batcher.of(3))
                .transform(BatchFeatures.of(logMel))
                .doOnNext(batch -> {
                    try (batch) {
                        assertArrayEquals(new int[] {3, bins, frames}, batch.shape());
                        FloatBuffer values = batch.features();
                        for (int b = 0; b < 3; b++) {
                            float[] item = new float[bins * frames];
                            values.get(b * item.length, item);
                            items.add(item);
                        }
                    }
                })
                .blockLast(Duration.ofSeconds(30));

        assertEquals(6, items.size());
        for (int i = 0; i < 6; i++) {
            float[] alone = new float[bins * frames];
            logMel.newWorker().compute(segments.get(i).samples(), 0, 3_200, alone, 0, FeatureLayout.BINS_FRAMES);
            assertArrayEquals(alone, items.get(i), "item " + i);
        }
    }

    private static Segment segment(int index) {
        AudioSource source = new AudioSource(index, Path.of("s" + index + ".wav"), "c", 0, 0, AudioSource.TO_END);
        return new Segment(source, 0, Signals.noise(index, 16_000, 1, 3_200, 0.4), 3_200, 1, 16_000);
    }
}
