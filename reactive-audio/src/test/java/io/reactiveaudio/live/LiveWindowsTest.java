package io.reactiveaudio.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class LiveWindowsTest {

    private static final LiveFormat MONO = LiveFormat.mono(16_000);

    /** A signal of {@code frames} frames whose samples are all distinct. */
    private static float[] signal(int frames, int channels) {
        float[] samples = new float[frames * channels];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = i;
        }
        return samples;
    }

    /** The signal cut into chunks of random sizes (1 to 700 frames), positions counted from {@code start}. */
    private static List<LiveChunk> chunks(float[] signal, LiveFormat format, long start, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int channels = format.channels();
        int frames = signal.length / channels;
        List<LiveChunk> chunks = new ArrayList<>();
        for (int at = 0; at < frames; ) {
            int n = Math.min(frames - at, 1 + random.nextInt(700));
            float[] part = Arrays.copyOfRange(signal, at * channels, (at + n) * channels);
            chunks.add(new LiveChunk(part, n, start + at, at, format));
            at += n;
        }
        return chunks;
    }

    private static List<LiveWindow> cut(List<LiveChunk> chunks, LiveWindows windows) {
        return Flux.fromIterable(chunks).transform(windows).collectList().block();
    }

    @ParameterizedTest(name = "window {0}, hop {1}, {2} channels")
    @CsvSource({"400, 160, 1", "1000, 1000, 2", "256, 600, 1", "1, 1, 2"})
    void windowsEqualTheOfflineCutWhateverTheChunkSizes(int length, int hop, int channels) {
        LiveFormat format = new LiveFormat(16_000, channels);
        float[] signal = signal(10_000, channels);

        for (long seed = 0; seed < 5; seed++) {
            List<LiveWindow> windows = cut(chunks(signal, format, 0, seed), LiveWindows.frames(length, hop));

            int expected = (10_000 - length) / hop + 1;
            assertEquals(expected, windows.size());
            for (int k = 0; k < expected; k++) {
                LiveWindow w = windows.get(k);
                assertEquals((long) k * hop, w.position());
                assertArrayEquals(Arrays.copyOfRange(signal, k * hop * channels, (k * hop + length) * channels),
                        w.samples(), "window " + k);
            }
        }
    }

    @Test
    void aWindowIsEmittedByTheChunkThatCompletesIt() {
        LiveFormat format = LiveFormat.mono(8_000);
        List<LiveChunk> chunks = List.of(
                new LiveChunk(new float[300], 300, 0, 10, format),
                new LiveChunk(new float[300], 300, 300, 20, format));

        List<LiveWindow> windows = cut(chunks, LiveWindows.frames(400, 200));

        assertEquals(List.of(0L, 200L), windows.stream().map(LiveWindow::position).toList());
        assertEquals(List.of(20L, 20L), windows.stream().map(LiveWindow::arrivalNanos).toList());
    }

    @Test
    void windowsNeverSpanAGapAndResumeOnTheGrid() {
        LiveFormat format = LiveFormat.mono(16_000);
        float[] before = signal(1_000, 1);
        List<LiveChunk> chunks = new ArrayList<>(chunks(before, format, 0, 1));
        float[] after = signal(1_000, 1);
        chunks.addAll(chunks(after, format, 1_250, 2));

        List<LiveWindow> windows = cut(chunks, LiveWindows.frames(300, 100));

        assertEquals(List.of(0L, 100L, 200L, 300L, 400L, 500L, 600L, 700L,
                        1_300L, 1_400L, 1_500L, 1_600L, 1_700L, 1_800L, 1_900L),
                windows.stream().map(LiveWindow::position).toList());
        LiveWindow firstAfterGap = windows.get(8);
        assertArrayEquals(Arrays.copyOfRange(after, 50, 350), firstAfterGap.samples());
        assertEquals(250, firstAfterGap.gapFrames(), "frames 1 000 to 1 250 are missing");
        assertTrue(firstAfterGap.afterGap());
        assertEquals(1, windows.stream().filter(LiveWindow::afterGap).count());
    }

    @ParameterizedTest(name = "window {0}, hop {1}")
    @CsvSource({"400, 160", "1000, 1000", "256, 600"})
    void windowsOfAPushSourceEqualTheOfflineCutWhenItHandsLongChunksOutInParts(int length, int hop) {
        LiveFormat format = new LiveFormat(16_000, 2);
        float[] signal = signal(10_000, 2);
        PushSource source = PushSource.builder(format).capacityFrames(10_000).build();
        for (LiveChunk chunk : chunks(signal, format, 0, 7)) {
            source.push(chunk.samples());
        }
        source.complete();

        List<LiveWindow> windows = source.flux().transform(LiveWindows.frames(length, hop)).collectList().block();

        assertEquals((10_000 - length) / hop + 1, windows.size());
        for (int k = 0; k < windows.size(); k++) {
            assertArrayEquals(Arrays.copyOfRange(signal, k * hop * 2, (k * hop + length) * 2), windows.get(k).samples(),
                    "window " + k);
        }
        assertTrue(source.stats().snapshot().deliveredChunks() >= 10_000 / hop, "chunks handed out a hop at most");
    }

    @Test
    void windowsTakeFromTheSourceOnlyTheAudioTheWindowsAskedForNeed() {
        PushSource source = PushSource.builder(MONO).capacity(Duration.ofSeconds(10)).build();
        for (int s = 0; s < 5; s++) {
            source.push(new float[16_000]);
        }

        StepVerifier.create(source.flux().transform(LiveWindows.seconds(1.0, 0.5)), 0)
                .thenRequest(1)
                .assertNext(w -> assertEquals(0, w.position()))
                .then(() -> assertEquals(16_000, source.stats().snapshot().deliveredFrames()))
                .expectNoEvent(Duration.ofMillis(100))
                .then(() -> assertEquals(64_000, source.stats().snapshot().bufferedFrames(),
                        "what no window asked for stays in the bounded buffer"))
                .thenRequest(1)
                .assertNext(w -> assertEquals(8_000, w.position()))
                .then(() -> assertEquals(24_000, source.stats().snapshot().deliveredFrames()))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void afterAStallUnderDropOldestTheFirstWindowIsAtMostTheCapacityPlusOneWindowBehind() {
        PushSource source = PushSource.builder(MONO).capacity(Duration.ofSeconds(2)).overflow(Overflow.DROP_OLDEST)
                .build();
        int second = 16_000;

        StepVerifier.create(source.flux().transform(LiveWindows.seconds(1.0, 0.5)), 0)
                .then(() -> source.push(new float[second]))
                .thenRequest(1)
                .assertNext(w -> assertEquals(0, w.position()))
                .then(() -> {
                    for (int s = 1; s < 12; s++) {
                        source.push(new float[second]);
                    }
                })
                .then(() -> assertTrue(source.stats().snapshot().bufferedFrames() <= 2 * second))
                .thenRequest(1)
                .assertNext(w -> {
                    assertTrue(12L * second - w.position() <= 3L * second, "starts at " + w.position());
                    assertEquals(9L * second, source.stats().snapshot().droppedFrames(),
                            "of the 11 s pushed while stalled, 2 s were kept");
                    assertEquals(9L * second, w.gapFrames());
                })
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void secondsAreRoundedToFramesOfTheStream() {
        LiveFormat format = LiveFormat.mono(16_000);
        List<LiveWindow> windows = cut(chunks(signal(48_000, 1), format, 0, 3), LiveWindows.seconds(1.0, 0.5));

        assertEquals(5, windows.size());
        assertEquals(16_000, windows.get(0).frames());
        assertEquals(0.5, windows.get(1).startSeconds());
    }

    @Test
    void rejectsEmptyWindowsAndHops() {
        assertThrows(IllegalArgumentException.class, () -> LiveWindows.frames(0, 1));
        assertThrows(IllegalArgumentException.class, () -> LiveWindows.frames(1, 0));
        assertThrows(IllegalArgumentException.class, () -> LiveWindows.seconds(1, -0.5));
    }
}
