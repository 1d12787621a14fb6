package io.reactiveaudio.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.Concealment;
import io.reactiveaudio.codec.DecodedAudio;
import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.test.Bytes;
import io.reactiveaudio.test.Signals;
import io.reactiveaudio.test.WavFixtureWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecodedAudioCacheTest {

    private static final AudioDecoders DECODERS = AudioDecoders.standard();

    @TempDir
    Path dir;

    @Test
    void aFileReadToItsEndIsServedFromDiskNextTimeBitForBit() throws IOException {
        Path mp3 = mp3Fixture();
        DecodedAudioCache cache = DecodedAudioCache.onDisk(dir.resolve("cache"), 1L << 30);

        DecodedAudio first = readAll(cache, AudioSource.of(0, mp3));
        DecodedAudio second = readAll(cache, AudioSource.of(0, mp3));

        DecodedAudio decoded = DECODERS.decode(mp3);
        assertArrayEquals(decoded.samples(), first.samples());
        assertArrayEquals(decoded.samples(), second.samples());
        assertEquals(decoded.info().sampleRate(), second.info().sampleRate());
        assertEquals(decoded.info().channels(), second.info().channels());
        assertEquals(decoded.frames(), second.info().frames());
        assertEquals(new CacheStats(0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0), cache.stats());
    }

    @Test
    void aNewCacheOverTheSameDirectoryReusesEarlierRuns() throws IOException {
        Path wav = wav("a.wav", 1, 3000);
        readAll(DecodedAudioCache.onDisk(dir.resolve("cache"), 1L << 30), AudioSource.of(0, wav));

        DecodedAudioCache nextRun = DecodedAudioCache.onDisk(dir.resolve("cache"), 1L << 30);
        DecodedAudio served = readAll(nextRun, AudioSource.of(0, wav));

        assertEquals(1, nextRun.stats().diskHits());
        assertEquals(0, nextRun.stats().misses());
        assertArrayEquals(DECODERS.decode(wav).samples(), served.samples());
    }

    @Test
    void int16FilesAreExactFor16BitSourcesAndWithinHalfAStepOtherwise() throws IOException {
        Path pcm16 = dir.resolve("pcm16.wav");
        float[] signal = Signals.noise(3, 16_000, 2, 4000, 0.9);
        WavFixtureWriter.of(WavFixtureWriter.Encoding.PCM_S16).write(pcm16, signal, 2, 16_000);
        Path mp3 = mp3Fixture();
        DecodedAudioCache cache = DecodedAudioCache.onDisk(dir.resolve("cache"), 1L << 30).withFormat(CacheFormat.INT16);

        readAll(cache, AudioSource.of(0, pcm16));
        readAll(cache, AudioSource.of(1, mp3));
        DecodedAudio wavServed = readAll(cache, AudioSource.of(0, pcm16));
        DecodedAudio mp3Served = readAll(cache, AudioSource.of(1, mp3));

        assertEquals(2, cache.stats().diskHits());
        assertArrayEquals(DECODERS.decode(pcm16).samples(), wavServed.samples());
        float[] exact = DECODERS.decode(mp3).samples();
        for (int i = 0; i < exact.length; i++) {
            float clipped = Math.max(-1f, Math.min(32767f / 32768f, exact[i]));
            assertEquals(clipped, mp3Served.samples()[i], 0.5f / 32768f + 1e-7f, "sample " + i);
        }
    }

    @Test
    void aChangedSourceIsDecodedAgain() throws IOException {
        Path wav = wav("a.wav", 1, 3000);
        DecodedAudioCache cache = DecodedAudioCache.onDisk(dir.resolve("cache"), 1L << 30);
        readAll(cache, AudioSource.of(0, wav));

        WavFixtureWriter.of(WavFixtureWriter.Encoding.FLOAT32).write(wav, Signals.noise(99, 16_000, 1, 3000, 0.5), 1, 16_000);
        Files.setLastModifiedTime(wav, FileTime.fromMillis(Files.getLastModifiedTime(wav).toMillis() + 5000));
        DecodedAudio served = readAll(cache, AudioSource.of(0, wav));

        assertEquals(2, cache.stats().misses());
        assertEquals(0, cache.stats().diskHits());
        assertArrayEquals(DECODERS.decode(wav).samples(), served.samples());
    }

    @Test
    void aReadStoppedHalfWayLeavesNoCacheFileAndNoTemporaryFile() throws Exception {
        Path wav = wav("a.wav", 2, 20_000);
        Path cacheDir = dir.resolve("cache");
        DecodedAudioCache cache = DecodedAudioCache.onDisk(cacheDir, 1L << 30);
        try (PcmReader reader = cache.open(AudioSource.of(0, wav), DECODERS)) {
            reader.read(new float[4096 * 2], 4096);
        }
        awaitNoTemporaryFiles(cacheDir);

        assertEquals(List.of(), files(cacheDir));
        readAll(cache, AudioSource.of(0, wav));
        assertEquals(2, cache.stats().misses());
    }

    @Test
    void aWriterKilledHalfWayIsNeverServedAndItsFileIsCleanedUp() throws IOException {
        Path wav = wav("a.wav", 1, 3000);
        Path cacheDir = dir.resolve("cache");
        DecodedAudioCache writing = DecodedAudioCache.onDisk(cacheDir, 1L << 30);
        readAll(writing, AudioSource.of(0, wav));
        Path complete = files(cacheDir).get(0);
        Path orphan = cacheDir.resolve(complete.getFileName() + "12345" + DiskTier.TEMPORARY_SUFFIX);
        Files.write(orphan, java.util.Arrays.copyOf(Files.readAllBytes(complete), 1000));
        Files.delete(complete);

        DecodedAudioCache restarted = DecodedAudioCache.onDisk(cacheDir, 1L << 30);
        DecodedAudio served = readAll(restarted, AudioSource.of(0, wav));

        assertEquals(1, restarted.stats().misses());
        assertFalse(Files.exists(orphan), "abandoned temporary file deleted");
        assertArrayEquals(DECODERS.decode(wav).samples(), served.samples());
    }

    @Test
    void aCorruptedOrTruncatedCacheFileIsRebuiltNotServed() throws IOException {
        Path wav = wav("a.wav", 2, 5000);
        Path cacheDir = dir.resolve("cache");
        DecodedAudioCache cache = DecodedAudioCache.onDisk(cacheDir, 1L << 30);
        float[] expected = readAll(cache, AudioSource.of(0, wav)).samples();
        Path file = files(cacheDir).get(0);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(raf.length() - 7);
            int b = raf.read();
            raf.seek(raf.length() - 7);
            raf.write(b ^ 0x10);
        }

        assertArrayEquals(expected, readAll(cache, AudioSource.of(0, wav)).samples());
        assertEquals(1, cache.stats().rebuilt());
        assertArrayEquals(expected, readAll(cache, AudioSource.of(0, wav)).samples());
        assertEquals(2, cache.stats().storedOnDisk(), "stored again by the read after the damage");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() - 8);
        }
        assertArrayEquals(expected, readAll(cache, AudioSource.of(0, wav)).samples());
        assertEquals(2, cache.stats().rebuilt());
        assertArrayEquals(expected, readAll(cache, AudioSource.of(0, wav)).samples());
        assertEquals(2, cache.stats().diskHits(), "the rebuilt file is served again");
        assertEquals(List.of(wav + " DAMAGED_CACHE_FILE", wav + " DAMAGED_CACHE_FILE"), events(cache));
    }

    @Test
    void aBlockDamagedInTheMiddleIsNeverServedTheReadGoesOnDecodingAndTheFileIsStoredAgain() throws IOException {
        Path wav = wav("long.wav", 2, 400_000);
        Path cacheDir = dir.resolve("cache");
        DecodedAudioCache cache = DecodedAudioCache.onDisk(cacheDir, 1L << 30);
        float[] expected = readAll(cache, AudioSource.of(0, wav)).samples();
        Path file = files(cacheDir).get(0);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long inThirdBlock = raf.length() - 4L * 4 - 400_000L * 2 * 4 + (5L << 19);
            raf.seek(inThirdBlock);
            int b = raf.read();
            raf.seek(inThirdBlock);
            raf.write(b ^ 0x01);
        }

        assertArrayEquals(expected, readAll(cache, AudioSource.of(0, wav)).samples());
        assertEquals(1, cache.stats().diskHits());
        assertEquals(1, cache.stats().rebuilt());
        assertFalse(Files.exists(file), "the damaged file is deleted");
        assertEquals(wav + ": damaged_cache_file: cache file of " + wav + ": block 2 fails its checksum; decoding the"
                + " rest of the file", cache.events().get(0).toString());

        assertArrayEquals(expected, readAll(cache, AudioSource.of(0, wav)).samples());
        assertEquals(2, cache.stats().storedOnDisk(), "decoded and stored again");
        assertArrayEquals(expected, readAll(cache, AudioSource.of(0, wav)).samples());
        assertEquals(2, cache.stats().diskHits());
    }

    @Test
    void aReadInterruptedByACancelledStreamKeepsTheSoundCacheFile() throws IOException {
        Path wav = wav("long.wav", 2, 400_000);
        Path cacheDir = dir.resolve("cache");
        DecodedAudioCache cache = DecodedAudioCache.onDisk(cacheDir, 1L << 30);
        float[] expected = readAll(cache, AudioSource.of(0, wav)).samples();
        Path file = files(cacheDir).get(0);

        try (PcmReader served = cache.open(AudioSource.of(0, wav), DECODERS)) {
            Thread.currentThread().interrupt();
            assertThrows(RuntimeException.class, () -> served.read(new float[2 * 4096], 4096));
        } finally {
            Thread.interrupted();
        }

        assertTrue(Files.exists(file), "an interrupted read says nothing of the file");
        assertEquals(0, cache.stats().rebuilt());
        assertEquals(1, cache.stats().readFailures());
        assertTrue(cache.events().get(0).toString().startsWith(wav + ": read_failed: cache file of " + wav
                + ": block 0 cannot be read: java.nio.channels.ClosedByInterruptException"),
                cache.events().get(0).toString());
        assertArrayEquals(expected, readAll(cache, AudioSource.of(0, wav)).samples());
        assertEquals(2, cache.stats().diskHits(), "served again from the same file");
    }

    @Test
    void theDirectoryStaysWithinItsBoundDroppingTheLeastRecentlyUsed() throws IOException {
        Path a = wav("a.wav", 1, 10_000);
        Path b = wav("b.wav", 1, 10_000);
        Path c = wav("c.wav", 1, 10_000);
        Path cacheDir = dir.resolve("cache");
        long oneFile = 40_000 + 512;
        DecodedAudioCache cache = DecodedAudioCache.onDisk(cacheDir, 2 * oneFile + 1000);

        readAll(cache, AudioSource.of(0, a));
        readAll(cache, AudioSource.of(1, b));
        Files.setLastModifiedTime(files(cacheDir).get(0), FileTime.fromMillis(0));
        Files.setLastModifiedTime(files(cacheDir).get(1), FileTime.fromMillis(0));
        readAll(cache, AudioSource.of(0, a));
        readAll(cache, AudioSource.of(2, c));

        assertEquals(2, files(cacheDir).size());
        assertTrue(size(cacheDir) <= 2 * oneFile + 1000);
        assertEquals(1, cache.stats().diskEvictions());
        readAll(cache, AudioSource.of(0, a));
        readAll(cache, AudioSource.of(1, b));
        assertEquals(2, cache.stats().diskHits(), "a stayed (used recently), b was evicted");
    }

    @Test
    void aFileLargerThanTheWholeBoundIsServedButNotCached() throws IOException {
        Path wav = wav("a.wav", 2, 10_000);
        DecodedAudioCache cache = DecodedAudioCache.onDisk(dir.resolve("cache"), 10_000);

        assertArrayEquals(DECODERS.decode(wav).samples(), readAll(cache, AudioSource.of(0, wav)).samples());
        readAll(cache, AudioSource.of(0, wav));

        assertEquals(2, cache.stats().misses());
        assertEquals(List.of(), files(dir.resolve("cache")));
        assertEquals(2, cache.stats().tooLarge());
        assertEquals(List.of(wav + " TOO_LARGE", wav + " TOO_LARGE"), events(cache));
    }

    @Test
    void aSourceWhoseDecoderConcealedDamageIsNeverStoredSoEveryReadReportsItsDamage() throws IOException {
        byte[] damagedTag = {'I', 'D', '3', 3, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        Path mp3 = Files.write(dir.resolve("damaged-tag.mp3"), Bytes.concat(damagedTag,
                Files.readAllBytes(mp3Fixture())));
        Concealment direct;
        try (PcmReader reader = DECODERS.open(mp3)) {
            AudioDecoders.readAll(reader);
            direct = reader.concealment();
        }
        DecodedAudioCache cache = DecodedAudioCache.onDisk(dir.resolve("cache"), 1L << 30).withMemory(1L << 26);

        for (int read = 0; read < 2; read++) {
            try (PcmReader reader = cache.open(AudioSource.of(0, mp3), DECODERS)) {
                assertArrayEquals(DECODERS.decode(mp3).samples(), AudioDecoders.readAll(reader).samples());
                assertEquals(direct, reader.concealment(), "the decoder's damage, through the cache");
            }
        }

        assertTrue(direct.skippedBytes() > 0, direct.toString());
        assertEquals(2, cache.stats().misses());
        assertEquals(2, cache.stats().damagedSources());
        assertEquals(List.of(mp3 + " DAMAGED_SOURCE", mp3 + " DAMAGED_SOURCE"), events(cache));
        assertEquals(List.of(), files(dir.resolve("cache")));
    }

    @Test
    void aCacheDirectoryThatCannotBeUsedIsReportedAndEveryReadIsDecoded() throws IOException {
        Path wav = wav("a.wav", 1, 3000);
        Path notADirectory = Files.write(dir.resolve("cache"), new byte[] {1});
        DecodedAudioCache cache = DecodedAudioCache.onDisk(notADirectory, 1L << 30);

        assertArrayEquals(DECODERS.decode(wav).samples(), readAll(cache, AudioSource.of(0, wav)).samples());

        assertEquals(List.of(wav + " READ_FAILED", wav + " WRITE_FAILED"), events(cache));
        assertEquals(1, cache.stats().readFailures());
        assertEquals(1, cache.stats().writeFailures());
        assertTrue(cache.events().get(1).detail().contains(notADirectory.toString()), cache.events().get(1).detail());
    }

    /**
     * A header that claims far more audio than the file holds (here an Info frame counting 7 000
     * MPEG frames, 64 MB of samples, in a file of 15) sizes the memory tier's first array only up
     * to {@link CacheFill#INITIAL_SAMPLES}; the array grows as the audio arrives.
     */
    @Test
    void aLengthInTheHeadersCannotMakeTheMemoryTierAllocateItBeforeTheAudioArrives() throws IOException {
        byte[] lying = Files.readAllBytes(mp3Fixture());
        ByteBuffer.wrap(lying).putInt(Bytes.indexOf(lying, "Info") + 8, 7000);
        Path mp3 = Files.write(dir.resolve("lying-info.mp3"), lying);
        DecodedAudioCache cache = DecodedAudioCache.inMemory(1L << 30);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        long before = threads.getCurrentThreadAllocatedBytes();
        PcmReader reader = cache.open(AudioSource.of(0, mp3), DECODERS);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        DecodedAudio first = AudioDecoders.readAll(reader);
        reader.close();

        assertTrue(allocated < 3L * CacheFill.INITIAL_SAMPLES * Float.BYTES / 2, "opening allocated " + allocated + " bytes");
        assertArrayEquals(first.samples(), readAll(cache, AudioSource.of(0, mp3)).samples());
        assertEquals(1, cache.stats().memoryHits());
    }

    @Test
    void theMemoryTierServesRepeatsAndEvictsTheLeastRecentlyUsedWithinItsBudget() throws IOException {
        Path a = wav("a.wav", 1, 1000);
        Path b = wav("b.wav", 1, 1000);
        DecodedAudioCache cache = DecodedAudioCache.inMemory(6000);

        readAll(cache, AudioSource.of(0, a));
        assertArrayEquals(DECODERS.decode(a).samples(), readAll(cache, AudioSource.of(0, a)).samples());
        readAll(cache, AudioSource.of(1, b));
        readAll(cache, AudioSource.of(0, a));

        assertEquals(new CacheStats(1, 0, 3, 0, 0, 0, 4000, 2, 0, 0, 0, 0), cache.stats(), "b evicted a, a evicted b");
    }

    @Test
    void diskHitsFillTheMemoryTier() throws IOException {
        Path wav = wav("a.wav", 1, 1000);
        Path cacheDir = dir.resolve("cache");
        readAll(DecodedAudioCache.onDisk(cacheDir, 1L << 20), AudioSource.of(0, wav));
        DecodedAudioCache cache = DecodedAudioCache.onDisk(cacheDir, 1L << 20).withMemory(1L << 20);

        readAll(cache, AudioSource.of(0, wav));
        DecodedAudio fromMemory = readAll(cache, AudioSource.of(0, wav));

        assertEquals(1, cache.stats().diskHits());
        assertEquals(1, cache.stats().memoryHits());
        assertArrayEquals(DECODERS.decode(wav).samples(), fromMemory.samples());
    }

    @Test
    void aClipIsCutFromTheCachedFileAndItsFileIsCompletedForTheOtherClips() throws Exception {
        Path wav = wav("long.wav", 1, 16_000);
        Path cacheDir = dir.resolve("cache");
        DecodedAudioCache cache = DecodedAudioCache.onDisk(cacheDir, 1L << 30);
        AudioSource firstHalf = new AudioSource(0, wav, null, -1, 0.0, 0.25);
        AudioSource later = new AudioSource(1, wav, null, -1, 0.5, 0.25);

        float[] clip = readAll(cache, firstHalf).samples();
        awaitNoTemporaryFiles(cacheDir);
        float[] laterClip = readAll(cache, later).samples();

        float[] whole = DECODERS.decode(wav).samples();
        assertArrayEquals(java.util.Arrays.copyOfRange(whole, 0, 4000), clip);
        assertArrayEquals(java.util.Arrays.copyOfRange(whole, 8000, 12_000), laterClip);
        assertEquals(1, cache.stats().diskHits());
    }

    @Test
    void aFileServedFromDiskLeavesNoFileBackedMemoryInTheProcess() throws Exception {
        Path status = Path.of("/proc/self/status");
        Assumptions.assumeTrue(Files.isReadable(status), "needs Linux's /proc/self/status");
        Path wav = wav("big.wav", 2, 4_000_000);
        DecodedAudioCache cache = DecodedAudioCache.onDisk(dir.resolve("cache"), 1L << 30);
        readAll(cache, AudioSource.of(0, wav));
        awaitNoTemporaryFiles(dir.resolve("cache"));

        long before = rssFileKilobytes(status);
        readAll(cache, AudioSource.of(0, wav));
        long grown = rssFileKilobytes(status) - before;

        assertEquals(1, cache.stats().diskHits());
        assertTrue(grown < 16 * 1024, "32 MB served from disk left " + grown + " kB of file-backed pages in the process");
    }

    private static long rssFileKilobytes(Path status) throws IOException {
        return Files.readAllLines(status).stream().filter(line -> line.startsWith("RssFile:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).findFirst().orElseThrow();
    }

    @Test
    void aMissingFileGetsTheDecodersTypedError() {
        DecodedAudioCache cache = DecodedAudioCache.onDisk(dir.resolve("cache"), 1L << 20);

        AudioDecodeException e = assertThrows(AudioDecodeException.class,
                () -> cache.open(AudioSource.of(0, dir.resolve("missing.mp3")), DECODERS));

        assertEquals(AudioDecodeException.Kind.UNREADABLE, e.kind());
    }

    @Test
    void boundsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> DecodedAudioCache.onDisk(dir, 0));
        assertThrows(IllegalArgumentException.class, () -> DecodedAudioCache.inMemory(-1));
    }

    private static DecodedAudio readAll(DecodedAudioCache cache, AudioSource source) {
        try (PcmReader reader = cache.open(source, DECODERS)) {
            return AudioDecoders.readAll(reader);
        }
    }

    private Path wav(String name, int channels, int frames) throws IOException {
        Path file = dir.resolve(name);
        WavFixtureWriter.of(WavFixtureWriter.Encoding.FLOAT32)
                .write(file, Signals.noise(name.hashCode(), 16_000, channels, frames, 0.5), channels, 16_000);
        return file;
    }

    private Path mp3Fixture() throws IOException {
        Path file = dir.resolve("music.mp3");
        try (InputStream in = getClass().getResourceAsStream("/fixtures/mp3/cbr128_stereo_44k.mp3")) {
            Files.copy(in, file);
        }
        return file;
    }

    /** Each event as "SOURCE KIND". */
    private static List<String> events(DecodedAudioCache cache) {
        return cache.events().stream().map(e -> e.source() + " " + e.kind()).toList();
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> s = Files.list(directory)) {
            return s.sorted().toList();
        }
    }

    private static long size(Path directory) throws IOException {
        long total = 0;
        for (Path f : files(directory)) {
            total += Files.size(f);
        }
        return total;
    }

    private static void awaitNoTemporaryFiles(Path directory) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (files(directory).stream().anyMatch(f -> f.toString().endsWith(DiskTier.TEMPORARY_SUFFIX))) {
            assertTrue(System.nanoTime() < deadline, "temporary files still present: " + files(directory));
            Thread.sleep(10);
        }
    }
}
