package io.reactiveaudio.live;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * Cuts a live stream into windows of fixed length and hop: window {@code k} covers stream frames
 * {@code [k * hop, k * hop + length)}, the same windows an offline cut of the whole signal gives.
 * A hole in the stream positions drops the windows that would span it; windows resume at the first
 * grid position after the hole, and the first of them tells how many frames were missing
 * ({@link LiveWindow#gapFrames()}). Each window is emitted as soon as its last chunk arrives.
 *
 * <p><b>Demand and bounds.</b> Exact: a chunk is taken from the source only while a window is
 * asked for and not yet complete, never ahead. The operator asks its source, through the
 * subscriber context, for chunks of at most one hop, which a {@link PushSource} (and every live
 * source of this library) honours by handing a longer chunk out in parts: each chunk then
 * completes at most one window, and everything the consumer has not asked for stays in the
 * source's bounded buffer, where its {@link Overflow} strategy acts. So what a stream holds before
 * its windows are cut is the source's capacity plus the window in progress (less than one window),
 * and the first window after a stalled consumer resumes is at most the capacity plus one window
 * behind the newest audio. Apply it directly to the source's flux: an operator in between that
 * prefetches holds chunks out of the buffer's reach. From a source that hands out longer chunks,
 * the windows are the same, and up to one chunk waits here.
 *
 * <p>Memory: per subscription, less than one window plus one chunk of samples. Immutable and
 * thread-safe; each subscription has its own state; windows are cut on the thread that delivers
 * a chunk or asks for a window.
 */
public final class LiveWindows implements Function<Flux<LiveChunk>, Flux<LiveWindow>> {

    private final int length;
    private final int hop;
    private final double lengthSeconds;
    private final double hopSeconds;

    private LiveWindows(int length, int hop, double lengthSeconds, double hopSeconds) {
        this.length = length;
        this.hop = hop;
        this.lengthSeconds = lengthSeconds;
        this.hopSeconds = hopSeconds;
    }

    /** Windows of {@code length} frames every {@code hop} frames (both at least 1). */
    public static LiveWindows frames(int length, int hop) {
        if (length < 1 || hop < 1) {
            throw new IllegalArgumentException("window length and hop must be at least one frame: " + length
                    + ", " + hop);
        }
        return new LiveWindows(length, hop, 0, 0);
    }

    /** Windows of {@code length} seconds every {@code hop} seconds, rounded to whole frames of the stream. */
    public static LiveWindows seconds(double length, double hop) {
        if (!(length > 0) || !(hop > 0) || Double.isInfinite(length) || Double.isInfinite(hop)) {
            throw new IllegalArgumentException("window length and hop must be positive seconds: " + length + ", "
                    + hop);
        }
        return new LiveWindows(0, 0, length, hop);
    }

    @Override
    public Flux<LiveWindow> apply(Flux<LiveChunk> chunks) {
        ChunkLimit oneHop = new ChunkLimit(hop, hopSeconds);
        return Flux.defer(() -> {
            Cutter cutter = new Cutter();
            return OnDemand.concatMapIterable(chunks.contextWrite(oneHop::writeTo), cutter::push);
        });
    }

    /** The window state of one subscription. */
    private final class Cutter {

        private int windowFrames = length;
        private int hopFrames = hop;
        private float[] buffer;
        private long bufferStart;
        private int bufferedFrames;
        private long expected;
        private long nextWindow;
        /** Frames missing from the stream since the last window emitted. */
        private long missing;

        List<LiveWindow> push(LiveChunk chunk) {
            LiveFormat format = chunk.format();
            int channels = format.channels();
            if (buffer == null) {
                start(format);
                restartAt(chunk.position());
            } else if (chunk.position() != expected) {
                restartAt(chunk.position());
            }
            missing += Math.max(0, chunk.position() - expected);
            expected = chunk.end();
            List<LiveWindow> windows = new ArrayList<>(1);
            int copied = 0;
            while (copied < chunk.frames()) {
                long chunkPos = chunk.position() + copied;
                long skip = nextWindow - chunkPos;
                if (bufferedFrames == 0 && skip > 0) {
                    copied += (int) Math.min(skip, chunk.frames() - copied);
                    bufferStart = nextWindow;
                    continue;
                }
                int take = Math.min(chunk.frames() - copied, windowFrames - bufferedFrames);
                System.arraycopy(chunk.samples(), copied * channels, buffer, bufferedFrames * channels, take * channels);
                bufferedFrames += take;
                copied += take;
                if (bufferedFrames == windowFrames) {
                    windows.add(new LiveWindow(buffer.clone(), windowFrames, bufferStart, chunk.arrivalNanos(), format,
                            missing, 0));
                    missing = 0;
                    advance(channels);
                }
            }
            return windows;
        }

        private void start(LiveFormat format) {
            if (windowFrames == 0) {
                windowFrames = (int) Math.max(1, format.frames(lengthSeconds));
                hopFrames = (int) Math.max(1, format.frames(hopSeconds));
            }
            buffer = new float[windowFrames * format.channels()];
        }

        private void restartAt(long position) {
            nextWindow = (position + hopFrames - 1) / hopFrames * hopFrames;
            bufferStart = nextWindow;
            bufferedFrames = 0;
        }

        private void advance(int channels) {
            nextWindow = bufferStart + hopFrames;
            int keep = windowFrames - hopFrames;
            if (keep > 0) {
                System.arraycopy(buffer, hopFrames * channels, buffer, 0, keep * channels);
                bufferedFrames = keep;
            } else {
                bufferedFrames = 0;
            }
            bufferStart = nextWindow;
        }
    }
}
