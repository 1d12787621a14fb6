package io.reactiveaudio.cache;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.codec.Concealment;
import io.reactiveaudio.codec.PcmReader;
import reactor.core.scheduler.Schedulers;

/**
 * A decoding reader whose output is also collected into the cache: what the caller reads is
 * appended to a {@link CacheFill}, which is stored when the decoder reports the end of the file
 * (unless the decoder concealed damage: see {@link CacheFill#complete}). Its
 * {@link #concealment()} is the decoder's.
 *
 * <p>Closed before the end, the reader either abandons the fill or, for a clipped source
 * ({@code finishOnClose}), decodes the rest of the file so later clips of it are served from the
 * cache; both happen on a bounded-elastic thread, because a stream may be cancelled from a
 * thread that must not block. Blocking like the decoder it wraps; not thread-safe.
 */
final class TeeReader implements PcmReader {

    private final PcmReader decoder;
    private final CacheFill fill;
    private final boolean finishOnClose;
    private boolean ended;
    private boolean failed;
    private boolean closed;

    TeeReader(PcmReader decoder, CacheFill fill, boolean finishOnClose) {
        this.decoder = decoder;
        this.fill = fill;
        this.finishOnClose = finishOnClose;
    }

    @Override
    public AudioInfo info() {
        return decoder.info();
    }

    @Override
    public int read(float[] dst, int maxFrames) {
        int n;
        try {
            n = decoder.read(dst, maxFrames);
        } catch (RuntimeException e) {
            failed = true;
            fill.abort();
            throw e;
        }
        if (n < 0) {
            if (!ended) {
                ended = true;
                fill.complete(decoder.concealment());
            }
            return n;
        }
        fill.append(dst, n);
        return n;
    }

    @Override
    public Concealment concealment() {
        return decoder.concealment();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ended || failed || !fill.active()) {
            decoder.close();
            return;
        }
        Schedulers.boundedElastic().schedule(this::finishOrAbandon);
    }

    private void finishOrAbandon() {
        try {
            if (finishOnClose) {
                float[] scratch = new float[8192 * decoder.info().channels()];
                while (!ended && !failed && fill.active()) {
                    read(scratch, 8192);
                }
            }
        } catch (RuntimeException e) {
            failed = true;
        } finally {
            if (!ended) {
                fill.abort();
            }
            decoder.close();
        }
    }
}
