package io.reactiveaudio.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.decode.Autotune;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.source.SourceSet;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioPipelineAutotuneTest {

    @TempDir
    static Path corpus;
    static SourceSet sources;

    @BeforeAll
    static void writeCorpus() throws IOException {
        sources = TestCorpus.write(corpus, 10, 2000, 1500);
    }

    @Test
    void tuningTheDecodeThreadsWhileRunningLeavesTheBatchesUnchanged() {
        Autotune tuner = Autotune.of(0, 1, 0.03, 0, 1, System::nanoTime);

        long tuned = TestCorpus.checksum(pipeline().autotune(tuner));

        assertEquals(TestCorpus.checksum(pipeline()), tuned);
        assertFalse(tuner.trials().isEmpty(), "it measured");
        assertTrue(tuner.decodeThreads() >= 1 && tuner.decodeThreads() <= 4);
    }

    @Test
    void anExplicitConcurrencyIsNeverTuned() {
        Autotune tuner = Autotune.create();

        TestCorpus.checksum(pipeline().decode(Decode.defaults().concurrency(2)).autotune(tuner));

        assertTrue(tuner.trials().isEmpty());
        assertEquals(0, tuner.decodeThreads());
    }

    private static AudioPipeline pipeline() {
        return AudioPipeline.from(sources).conform(16_000, ChannelPolicy.mono()).frames(500).shuffle(20).batch(2)
                .lanes(4).seed(3).epochs(2);
    }
}
