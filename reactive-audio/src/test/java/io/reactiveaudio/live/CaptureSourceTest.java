package io.reactiveaudio.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CaptureSourceTest {

    private static final LiveFormat MONO = LiveFormat.mono(16_000);

    /**
     * A capture device double that plays {@code frames} frames of a ramp of 16-bit samples
     * ({@code sample i = i mod 30000}) and, before read number {@code overrunAt}, loses
     * {@code lost} frames with a full buffer.
     */
    private static final class ScriptedLine implements CaptureLine {

        final AtomicBoolean closed = new AtomicBoolean();
        volatile String readerThread;
        private final int frames;
        private final int overrunAt;
        private final int lost;
        private int next;
        private int reads;

        ScriptedLine(int frames, int overrunAt, int lost) {
            this.frames = frames;
            this.overrunAt = overrunAt;
            this.lost = lost;
        }

        @Override
        public int frameBytes() {
            return 2;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            readerThread = Thread.currentThread().getName();
            if (reads++ == overrunAt) {
                next += lost;
            }
            int n = Math.min(length / 2, frames - next);
            if (n <= 0) {
                return -1;
            }
            for (int i = 0; i < n; i++) {
                short s = (short) ((next + i) % 30_000);
                buffer[offset + 2 * i] = (byte) s;
                buffer[offset + 2 * i + 1] = (byte) (s >> 8);
            }
            next += n;
            return 2 * n;
        }

        @Override
        public int availableBytes() {
            return reads == overrunAt ? bufferBytes() : 0;
        }

        @Override
        public int bufferBytes() {
            return 4 * 320 * 2;
        }

        @Override
        public long framePosition() {
            return reads == overrunAt ? next + lost + bufferBytes() / 2 : next;
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    @Test
    void recordsTheDeviceInChunksAndReportsAnOverrunAsAGap() {
        ScriptedLine line = new ScriptedLine(16_000, 5, 480);
        PushSource buffer = PushSource.builder(MONO).capacityFrames(16_000).build();

        List<LiveChunk> chunks = CaptureSource.of(buffer, () -> line, 320).flux().collectList()
                .block(Duration.ofSeconds(10));

        long frames = chunks.stream().mapToLong(LiveChunk::frames).sum();
        assertEquals(16_000 - 480, frames);
        for (LiveChunk c : chunks) {
            for (int i = 0; i < c.frames(); i++) {
                assertEquals(((c.position() + i) % 30_000) / 32768f, c.samples()[i], "frame " + (c.position() + i));
            }
        }
        assertEquals(5 * 320 + 480, chunks.get(5).position(), "the chunk after the overrun starts after the lost audio");
        LiveStats.Counts counts = buffer.stats().snapshot();
        assertEquals(1, counts.overruns());
        assertEquals(1, counts.gaps());
        assertEquals(480, counts.gapFrames());
        assertTrue(line.closed.get(), "the device is closed before the flux completes");
        assertTrue(line.readerThread.contains("boundedElastic"), line.readerThread);
    }

    @Test
    void cancellingClosesTheDevice() throws InterruptedException {
        ScriptedLine line = new ScriptedLine(Integer.MAX_VALUE, -1, 0);
        PushSource buffer = PushSource.builder(MONO).capacityFrames(3_200).build();

        List<LiveChunk> first = CaptureSource.of(buffer, () -> line, 320).flux().take(3).collectList()
                .block(Duration.ofSeconds(10));

        assertEquals(3, first.size());
        awaitClosed(line);
    }

    /** A cancelled capture closes the device on its reader's thread: wait up to 2 s for it. */
    private static void awaitClosed(ScriptedLine line) throws InterruptedException {
        for (int i = 0; i < 100 && !line.closed.get(); i++) {
            Thread.sleep(20);
        }
        assertTrue(line.closed.get(), "the device was not closed");
    }
}
