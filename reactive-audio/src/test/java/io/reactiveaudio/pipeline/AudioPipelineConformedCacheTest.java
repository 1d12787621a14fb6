package io.reactiveaudio.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.Codec;
import io.reactiveaudio.batch.PooledBatch;
import io.reactiveaudio.cache.CacheStats;
import io.reactiveaudio.cache.DecodedAudioCache;
import io.reactiveaudio.codec.AudioDecoder;
import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.codec.wav.WavDecoder;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.dsp.resample.ResampleRatio;
import io.reactiveaudio.source.SourceSet;
import io.reactiveaudio.source.Sources;
import io.reactiveaudio.test.Signals;
import io.reactiveaudio.test.WavFixtureWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A decoded-audio cache that stores conformed audio: the speech preset's 16 kHz mono, a sixth of
 * the bytes of the 44.1 kHz stereo files, served without decoding or resampling, the same batches
 * as a cold run, and never served to a pipeline of another target.
 */
class AudioPipelineConformedCacheTest {

    private static final int FILES = 5;
    private static final int HEADER_BYTES_AT_MOST = 4096;

    @TempDir
    static Path corpus;
    static SourceSet sources;
    static long[] frames = new long[FILES];

    @TempDir
    Path cacheDir;

    @BeforeAll
    static void writeCorpus() throws IOException {
        for (int i = 0; i < FILES; i++) {
            frames[i] = 20_000 + 7_001L * i;
            WavFixtureWriter.of(WavFixtureWriter.Encoding.FLOAT32).write(corpus.resolve("0" + i + ".wav"),
                    Signals.noise(i, 44_100, 2, (int) frames[i], 0.5), 2, 44_100);
        }
        sources = Sources.directory(corpus).scan();
    }

    @Test
    void cacheServedBatchesEqualTheColdRunsWithoutDecodingAndTheFilesHold16kMono() throws IOException {
        CountingDecoder wav = new CountingDecoder();
        DecodedAudioCache cache = DecodedAudioCache.onDisk(cacheDir, 1L << 30).storingConformed(true);
        AudioPipeline cached = speech(16_000).decode(Decode.defaults().decoders(AudioDecoders.of(List.of(wav))))
                .cache(cache);

        long uncached = checksum(speech(16_000));
        long cold = checksum(cached);
        int decodedCold = wav.opened.getAndSet(0);
        long served = checksum(cached);

        assertEquals(uncached, cold, "filling the cache changes no batch");
        assertEquals(cold, served, "served from the cache, the same batches");
        assertEquals(FILES, decodedCold);
        assertEquals(0, wav.opened.get(), "nothing decoded when served");
        CacheStats stats = cache.stats();
        assertEquals(FILES, stats.misses());
        assertEquals(FILES, stats.storedOnDisk());
        assertEquals(FILES, stats.diskHits());
        long sampleBytes = 0;
        for (long n : frames) {
            sampleBytes += new ResampleRatio(44_100, 16_000).outputFrames(n) * Float.BYTES;
        }
        long stored = cacheBytes();
        assertTrue(stored >= sampleBytes && stored <= sampleBytes + FILES * HEADER_BYTES_AT_MOST,
                stored + " bytes stored for " + sampleBytes + " bytes of 16 kHz mono float32");
        long nativeBytes = 0;
        for (long n : frames) {
            nativeBytes += n * 2 * Float.BYTES;
        }
        assertTrue(stored * 5 < nativeBytes, stored + " bytes against " + nativeBytes + " at 44.1 kHz stereo");
    }

    @Test
    void aChangedTargetRateOrTheDecodersOwnAudioMissesTheConformedFiles() throws IOException {
        DecodedAudioCache sixteen = DecodedAudioCache.onDisk(cacheDir, 1L << 30).storingConformed(true);
        DecodedAudioCache eight = DecodedAudioCache.onDisk(cacheDir, 1L << 30).storingConformed(true);
        DecodedAudioCache decoded = DecodedAudioCache.onDisk(cacheDir, 1L << 30);

        checksum(speech(16_000).cache(sixteen));
        checksum(speech(8_000).cache(eight));
        checksum(speech(16_000).cache(decoded));

        for (DecodedAudioCache cache : List.of(eight, decoded)) {
            assertEquals(FILES, cache.stats().misses());
            assertEquals(0, cache.stats().diskHits());
        }
        try (Stream<Path> files = Files.list(cacheDir)) {
            assertEquals(3L * FILES, files.filter(p -> p.toString().endsWith(".pcm")).count(),
                    "16 kHz mono, 8 kHz mono and the decoder's own audio: a file of each");
        }
    }

    /** The speech preset at {@code rate}, small: quarter-second windows, batches of 3. */
    private static AudioPipeline speech(int rate) {
        return AudioPipeline.from(sources).preset(SpeechPreset.logMel().sampleRate(rate).seconds(0.25).batch(3)
                .shuffle(6)).lanes(2).seed(3).epochs(1).dropLast(false);
    }

    private static long checksum(AudioPipeline pipeline) {
        CRC32C crc = new CRC32C();
        pipeline.featureFlux().doOnNext(b -> {
            try (PooledBatch held = b) {
                crc.update(held.bytes());
            }
        }).blockLast(Duration.ofSeconds(60));
        return crc.getValue();
    }

    private long cacheBytes() throws IOException {
        try (Stream<Path> files = Files.list(cacheDir)) {
            return files.filter(p -> p.toString().endsWith(".pcm")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** The built-in WAV decoder, counting the files it opens. */
    private static final class CountingDecoder implements AudioDecoder {

        private final WavDecoder wav = new WavDecoder();
        final AtomicInteger opened = new AtomicInteger();

        @Override
        public Codec codec() {
            return Codec.WAV;
        }

        @Override
        public boolean sniff(byte[] head, int length) {
            return wav.sniff(head, length);
        }

        @Override
        public AudioInfo probe(ByteInput in) {
            return wav.probe(in);
        }

        @Override
        public PcmReader open(ByteInput in) {
            opened.incrementAndGet();
            return wav.open(in);
        }
    }
}
