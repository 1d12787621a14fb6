package io.reactiveaudio.cache;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.codec.Concealment;
import io.reactiveaudio.codec.DecodedAudio;
import java.io.IOException;
import java.util.Arrays;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Collects one file's decoded audio as it is read, for the disk tier (a {@link PcmFileWriter}),
 * the memory tier (a growing array), or both, and stores it when the file has been read to its
 * end. A tier that fails (disk full) or would exceed its bound drops out and the read goes on; the
 * disk tier's failures and its bound are reported to the cache as {@link CacheEvent}s, while the
 * memory tier's budget is a choice among entries, not an event.
 *
 * <p><b>Memory.</b> The memory tier's array starts at the headers' length up to
 * {@value #INITIAL_SAMPLES} samples and doubles as audio arrives, so a header that lies about the
 * length cannot make it allocate more than the audio there is (at most twice over). Blocking; not
 * thread-safe.
 */
final class CacheFill {

    /** The most samples the memory tier's array holds before audio arrives: 4 MiB of floats. */
    static final int INITIAL_SAMPLES = 1 << 20;

    private static final Logger LOG = Loggers.getLogger(CacheFill.class);

    private final String key;
    private final AudioInfo info;
    private final DecodedAudioCache cache;
    private PcmFileWriter writer;
    private float[] samples;
    private int sampleCount;

    CacheFill(String key, AudioInfo info, DecodedAudioCache cache, PcmFileWriter writer, boolean toMemory) {
        this.key = key;
        this.info = info;
        this.cache = cache;
        this.writer = writer;
        this.samples = toMemory ? new float[initialCapacity(info)] : null;
    }

    /** Whether any tier still takes the audio. */
    boolean active() {
        return writer != null || samples != null;
    }

    /** Adds the next {@code frames} interleaved frames of {@code chunk}. */
    void append(float[] chunk, int frames) {
        int count = frames * info.channels();
        if (samples != null) {
            if (!cache.memoryFits((long) sampleCount + count)) {
                samples = null;
            } else {
                if (sampleCount + count > samples.length) {
                    samples = Arrays.copyOf(samples, (int) Math.min(Integer.MAX_VALUE - 8,
                            Math.max((long) samples.length * 2, (long) sampleCount + count)));
                }
                System.arraycopy(chunk, 0, samples, sampleCount, count);
                sampleCount += count;
            }
        }
        if (writer != null) {
            try {
                if (!writer.append(chunk, frames)) {
                    cache.event(info.path(), CacheEvent.Kind.TOO_LARGE, "its cache file would pass the cache directory's bound of "
                            + cache.diskBound() + " bytes (" + writer.size() + " bytes written); not stored");
                    closeWriter();
                }
            } catch (IOException e) {
                writeFailed(e);
            }
        }
    }

    /**
     * The file was read to its end: stores it in every tier still taking it, unless its decoder
     * concealed damage ({@code concealment}), which the cache reports instead: a cached copy would
     * serve the concealed audio without the damage report.
     */
    void complete(Concealment concealment) {
        if (concealment.any() && active()) {
            abort();
            cache.event(info.path(), CacheEvent.Kind.DAMAGED_SOURCE, "the decoder concealed damage (" + concealment
                    + "); not stored, decoded on every read");
            return;
        }
        if (samples != null) {
            long frames = sampleCount / info.channels();
            cache.storeInMemory(key, new DecodedAudio(info.withFrames(frames), Arrays.copyOf(samples, sampleCount)));
            samples = null;
        }
        if (writer != null) {
            try {
                writer.commit();
                writer = null;
                cache.storedOnDisk();
            } catch (IOException e) {
                writeFailed(e);
            }
        }
    }

    /** The read failed or stopped early: stores nothing and deletes the temporary file. */
    void abort() {
        samples = null;
        if (writer != null) {
            closeWriter();
        }
    }

    private void writeFailed(IOException cause) {
        cache.event(info.path(), CacheEvent.Kind.WRITE_FAILED, "cannot write its cache file (" + cause
                + "); decoding it again next time");
        closeWriter();
    }

    private void closeWriter() {
        try {
            writer.close();
        } catch (IOException e) {
            LOG.debug("decoded-audio cache: temporary file of {} not deleted: {}", info.path(), e.toString());
        }
        writer = null;
    }

    private static int initialCapacity(AudioInfo info) {
        long known = info.framesKnown() ? info.frames() * info.channels() : 1 << 16;
        return (int) Math.max(1, Math.min(known, INITIAL_SAMPLES));
    }
}
