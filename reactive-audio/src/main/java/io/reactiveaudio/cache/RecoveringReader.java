package io.reactiveaudio.cache;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.Concealment;
import io.reactiveaudio.codec.PcmReader;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Serves a disk-cached file and, should one of its blocks fail its checksum on first read, goes
 * on from the same frame with a freshly opened decoder: the stream never sees the damage, only
 * the samples the decoder gives. {@code damaged} hears the failed check once, at the switch (the
 * cache reports it and deletes the file, so the next open decodes and stores it again). Its
 * {@link #concealment()} is the decoder's once it has switched, and none before: the cache stores
 * no source whose decoder concealed damage. Blocking; not thread-safe.
 */
final class RecoveringReader implements PcmReader {

    private final PcmFileReader cached;
    private final Supplier<PcmReader> decoder;
    private final Consumer<DamagedCacheFileException> damaged;
    private PcmReader fallback;
    private long position;

    RecoveringReader(PcmFileReader cached, Supplier<PcmReader> decoder, Consumer<DamagedCacheFileException> damaged) {
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
        damaged.accept(e);
        fallback = decoder.get();
        long skipped = fallback.skip(position);
        if (skipped != position) {
            throw new AudioDecodeException(info().path(), AudioDecodeException.Kind.TRUNCATED,
                    AudioDecodeException.UNKNOWN_OFFSET,
                    "decoded " + skipped + " frames where the cache held more than " + position, e);
        }
    }

    @Override
    public Concealment concealment() {
        return fallback == null ? Concealment.NONE : fallback.concealment();
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
