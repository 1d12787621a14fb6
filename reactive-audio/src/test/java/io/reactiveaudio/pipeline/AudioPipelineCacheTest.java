package io.reactiveaudio.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reactiveaudio.cache.DecodedAudioCache;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.source.SourceSet;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioPipelineCacheTest {

    @TempDir
    static Path corpus;
    static SourceSet sources;

    @TempDir
    Path cacheDir;

    @BeforeAll
    static void writeCorpus() throws IOException {
        sources = TestCorpus.write(corpus, 9, 900, 1311);
    }

    @Test
    void cachedEpochsGiveTheSameBatchesAsDecodingAndLaterEpochsDecodeNothing() {
        DecodedAudioCache cache = DecodedAudioCache.onDisk(cacheDir, 1L << 30);

        long cached = TestCorpus.checksum(pipeline().cache(cache).epochs(3));

        assertEquals(TestCorpus.checksum(pipeline().epochs(3)), cached);
        assertEquals(sources.sources().size(), cache.stats().misses());
        assertEquals(2L * sources.sources().size(), cache.stats().diskHits());
    }

    @Test
    void theCacheSurvivesAReplacedDecodeStage() {
        DecodedAudioCache cache = DecodedAudioCache.inMemory(1L << 26);

        TestCorpus.checksum(pipeline().cache(cache).decode(Decode.defaults().concurrency(1)).epochs(2));

        assertEquals(sources.sources().size(), cache.stats().memoryHits());
    }

    private static AudioPipeline pipeline() {
        return AudioPipeline.from(sources).conform(16_000, ChannelPolicy.stereo()).frames(800).shuffle(10).batch(3)
                .seed(5);
    }
}
