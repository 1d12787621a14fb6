package io.reactiveaudio.pipeline;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.dsp.resample.ResampleRatio;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each source's frame count at the pipeline's output rate, from its header, read once for each
 * decoder registry and output rate and then kept for every pipeline copied from the one
 * {@link AudioPipeline#from} made: a served stream opens a pipeline for every epoch of every
 * connection, all copies of its base pipeline, and they share one reading.
 *
 * <p>A header that states no length (an MP3 without a Xing tag) is completed by walking the
 * file's frame headers ({@link AudioDecoders#probe}); a file that cannot be opened counts 0
 * frames. Reading blocks (call it on a bounded-elastic thread); a file changed after it was read
 * keeps its first count. Thread-safe.
 */
final class HeaderFrames {

    private final Map<List<Object>, Map<Long, Long>> read = new ConcurrentHashMap<>();

    /** The frames of every source of {@code settings}, by source index; reads the headers the first time. */
    Map<Long, Long> of(PipelineSettings settings) {
        List<Object> key = List.of(settings.decode.decoders(),
                settings.conform == null ? 0 : settings.conform.sampleRate());
        return read.computeIfAbsent(key, k -> {
            Map<Long, Long> frames = new HashMap<>();
            for (AudioSource source : settings.sources.sources()) {
                frames.put(source.index(), conformedFrames(settings, source));
            }
            return Map.copyOf(frames);
        });
    }

    /** The source's frames after conforming, from its header; 0 if unknown or unreadable. */
    private static long conformedFrames(PipelineSettings settings, AudioSource source) {
        AudioDecoders decoders = settings.decode.decoders();
        try (PcmReader reader = decoders.open(source)) {
            AudioInfo info = reader.info();
            long n = info.framesKnown() ? info.frames() : clipped(decoders.probe(source), source);
            if (n <= 0 || settings.conform == null || settings.conform.sampleRate() == info.sampleRate()) {
                return Math.max(n, 0);
            }
            return new ResampleRatio(info.sampleRate(), settings.conform.sampleRate()).outputFrames(n);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** The frames of {@code source}'s clip of a whole file that {@code whole} describes; -1 if unknown. */
    private static long clipped(AudioInfo whole, AudioSource source) {
        if (!whole.framesKnown() || !source.isClipped()) {
            return whole.frames();
        }
        int rate = whole.sampleRate();
        long offset = Math.round(source.offsetSeconds() * rate);
        long length = source.durationSeconds() == AudioSource.TO_END
                ? Long.MAX_VALUE : Math.round(source.durationSeconds() * rate);
        return Math.max(0, Math.min(length, whole.frames() - offset));
    }
}
