package io.reactiveaudio.augment.background;

import io.reactiveaudio.augment.AudioFiles;
import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.DecodedAudio;
import io.reactiveaudio.dsp.resample.PolyphaseResampler;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The noise clips of a {@link AddBackgroundNoise}: files decoded on first use, mixed to mono and
 * resampled to the rate asked for, kept in a least-recently-used cache of at most
 * {@code maxBytes} bytes of float32 samples (a clip larger than the bound is decoded each time it
 * is used and not kept). Decoding blocks on file I/O.
 *
 * <p>Thread-safe: the cache is guarded by this object's lock; decoding happens outside it, so
 * two threads missing the same clip may both decode it (the result is the same).
 */
final class NoiseClips {

    private final List<Path> files;
    private final long maxBytes;
    private final AudioDecoders decoders = AudioDecoders.standard();
    private final LinkedHashMap<Long, float[]> cache = new LinkedHashMap<>(16, 0.75f, true);
    private long cachedBytes;

    NoiseClips(List<Path> files, long maxBytes) {
        this.files = List.copyOf(files);
        this.maxBytes = maxBytes;
    }

    int size() {
        return files.size();
    }

    Path file(int index) {
        return files.get(index);
    }

    /** Bytes held by the cache now, at most the bound. */
    synchronized long cachedBytes() {
        return cachedBytes;
    }

    /** Clip {@code index} as mono float32 at {@code sampleRate}; decodes it unless cached. */
    float[] clip(int index, int sampleRate) {
        long key = ((long) index << 32) | sampleRate;
        synchronized (this) {
            float[] hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
        }
        float[] decoded = decode(files.get(index), sampleRate);
        long bytes = 4L * decoded.length;
        if (bytes <= maxBytes) {
            synchronized (this) {
                if (cache.put(key, decoded) == null) {
                    cachedBytes += bytes;
                }
                evictBeyondBound();
            }
        }
        return decoded;
    }

    private void evictBeyondBound() {
        Iterator<Map.Entry<Long, float[]>> eldest = cache.entrySet().iterator();
        while (cachedBytes > maxBytes && eldest.hasNext()) {
            cachedBytes -= 4L * eldest.next().getValue().length;
            eldest.remove();
        }
    }

    private float[] decode(Path file, int sampleRate) {
        DecodedAudio audio = decoders.decode(file);
        float[] mono = AudioFiles.mono(audio);
        int rate = audio.info().sampleRate();
        return rate == sampleRate ? mono : PolyphaseResampler.resample(mono, 1, rate, sampleRate);
    }
}
