package io.reactiveaudio.framing;

import static io.reactiveaudio.framing.TestChunks.ODD_SIZES;
import static io.reactiveaudio.framing.TestChunks.chunked;
import static io.reactiveaudio.framing.TestChunks.chunks;
import static io.reactiveaudio.framing.TestChunks.indexedFiles;
import static io.reactiveaudio.framing.TestChunks.value;
import static io.reactiveaudio.framing.TestChunks.window;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioChunk;
import io.reactiveaudio.audio.Segment;
import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.batch.Batcher;
import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.Layout;
import io.reactiveaudio.test.DemandProbe;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.test.StepVerifier;

/** {@link WholeClip}: each source whole, up to a maximum, and batched padded to the longest. */
class WholeClipTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int C = 2;
    private static final int MAX = 100;

    @Test
    void eachSourceIsOneSegmentOfItsNaturalLengthWhateverTheChunking() {
        int[] lengths = {1, 7, 0, 100, 55};
        for (int[] sizes : new int[][] {{1}, ODD_SIZES, {1_000}}) {
            List<Segment> clips = chunked(indexedFiles(C, lengths), C, sizes).transform(WholeClip.of(MAX))
                    .collectList().block(TIMEOUT);

            assertEquals(List.of(0L, 1L, 3L, 4L), clips.stream().map(s -> s.source().index()).toList(),
                    "the empty source gives none");
            for (Segment clip : clips) {
                int length = lengths[(int) clip.source().index()];
                assertEquals(0, clip.ordinal());
                assertEquals(length, clip.frames());
                assertArrayEquals(window(0, length, C, length), clip.samples(), "source " + clip.source().index());
            }
        }
    }

    @Test
    void aLongerSourceIsCutToItsFirstMaxFrames() {
        List<Segment> clips = chunked(indexedFiles(C, 250, 30), C, ODD_SIZES).transform(WholeClip.of(MAX))
                .collectList().block(TIMEOUT);

        assertEquals(2, clips.size());
        assertArrayEquals(window(0, MAX, C, 250), clips.get(0).samples());
        assertArrayEquals(window(0, 30, C, 30), clips.get(1).samples(), "the next source starts afresh");
    }

    @Test
    void withoutTruncationALongerSourceFailsTheStreamNamingIt() {
        StepVerifier.create(chunked(indexedFiles(C, 30, 101), C, ODD_SIZES)
                        .transform(WholeClip.of(MAX).truncate(false)))
                .expectNextCount(1)
                .expectErrorSatisfies(e -> {
                    assertInstanceOf(IllegalArgumentException.class, e);
                    assertTrue(e.getMessage().contains("source 1 (file1.wav)"), e.getMessage());
                    assertTrue(e.getMessage().contains("100 frames"), e.getMessage());
                })
                .verify(TIMEOUT);
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void clipsBatchPaddedToTheLongestWithTheirLengthsAndAMaskAndTheBuffersComeBack(Layout layout) {
        int[] lengths = {40, 100, 3, 77, 60, 5};
        BufferPool pool = new BufferPool(3 * MAX * C * Float.BYTES, 2);

        List<Batch> batches = chunked(indexedFiles(C, lengths), C, ODD_SIZES)
                .transform(WholeClip.of(MAX))
                .transform(Batcher.of(3).padToLongest(MAX).layout(layout).pool(pool))
                .collectList().block(TIMEOUT);

        assertEquals(2, batches.size());
        for (int k = 0; k < 2; k++) {
            Batch batch = batches.get(k);
            int frames = k == 0 ? 100 : 77;
            assertArrayEquals(layout.shape(3, frames, C), batch.shape());
            assertArrayEquals(new int[] {lengths[3 * k], lengths[3 * k + 1], lengths[3 * k + 2]}, batch.lengths());
            byte[] mask = batch.mask();
            FloatBuffer audio = batch.audio();
            for (int b = 0; b < 3; b++) {
                for (int t = 0; t < frames; t++) {
                    boolean own = t < lengths[3 * k + b];
                    assertEquals(own ? 1 : 0, mask[b * frames + t]);
                    for (int c = 0; c < C; c++) {
                        int index = layout == Layout.BTC ? (b * frames + t) * C + c : (b * C + c) * frames + t;
                        assertEquals(own ? value(t, c) : 0f, audio.get(index), "item " + b + " frame " + t);
                    }
                }
            }
        }
        assertEquals(2, pool.inUse());
        batches.forEach(Batch::release);
        assertEquals(0, pool.inUse());
    }

    @Test
    void itReadsOneSourceAheadOfTheClipsDemandedPlusAPrefetchOfTwo() {
        DemandProbe<AudioChunk> probe = DemandProbe.of(chunks(indexedFiles(1, 50, 50, 50, 50), 1, 10));

        StepVerifier.create(probe.flux().transform(WholeClip.of(MAX)), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(20))
                .then(() -> probe.assertRequestedAtMost(5 + 2))
                .thenRequest(1)
                .expectNextCount(1)
                .expectNoEvent(Duration.ofMillis(20))
                .then(() -> probe.assertRequestedAtMost(10 + 2))
                .thenCancel()
                .verify(TIMEOUT);
    }

    @Test
    void rejectsAnEmptyMaximum() {
        assertThrows(IllegalArgumentException.class, () -> WholeClip.of(0));
    }
}
