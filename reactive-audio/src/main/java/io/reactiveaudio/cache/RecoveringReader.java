package io.reactiveaudio.cache;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.PcmReader;
import java.util.function.Supplier;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Serves a disk-cached file and, should one of its blocks fail its checksum on first read, goes
 * on from the same frame with a freshly opened decoder: the stream never sees the damage, only
 * the samples the decoder gives. {@code damaged} is run once, at the switch (the cache deletes
 * the file, so the next open decodes and stores it again). Blocking; not thread-safe.
 */
final class RecoveringReader implements PcmReader {

    private static final Logger LOG = Loggers.getLogger(RecoveringReader.class);

    private final PcmFileReader cached;
    private final Supplier<PcmReader> decoder;
    private final Runnable damaged;
    private PcmReader fallback;
    private long position;

    RecoveringReader(PcmFileReader cached, Supplier<PcmReader> decoder, Runnable damaged) {
        this.cached = cached;
        this.decoder = decoder;
        this.damaged = damaged;
    }

    @Override
    public AudioInfo info() {
        return cached.info();
    }

    @Override
    public int read(float[] dst, int maxFrames) {
        int n;
        if (fallback != null) {
            n = fallback.read(dst, maxFrames);
        } else {
            try {
                n = cached.read(dst, maxFrames);
            } catch (DamagedCacheFileException e) {
                recover(e);
                n = fallback.read(dst, maxFrames);
            }
        }
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long skip(long frames) {
        long skipped = fallback != null ? fallback.skip(frames) : cached.skip(frames);
        position += skipped;
        return skipped;
    }

    /** Switches to the decoder at the current frame. */
    private void recover(DamagedCacheFileException e) {
        LOG.warn("decoded-audio cache: {}; decoding the rest of the file", e.getMessage());
        damaged.run();
        fallback = decoder.get();
        long skipped = fallback.skip(position);
        if (skipped != position) {
            throw new AudioDecodeException(info().path(), AudioDecodeException.Kind.TRUNCATED,
                    AudioDecodeException.UNKNOWN_OFFSET,
                    "decoded " + skipped + " frames where the cache held more than " + position, e);
        }
    }

    @Override
    public void close() {
        try {
            cached.close();
        } finally {
            if (fallback != null) {
                fallback.close();
            }
        }
    }
}
