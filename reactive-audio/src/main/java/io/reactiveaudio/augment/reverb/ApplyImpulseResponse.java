package io.reactiveaudio.augment.reverb;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AudioFiles;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.Augmentation;
import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.DecodedAudio;
import io.reactiveaudio.dsp.convolve.FftConvolution;
import io.reactiveaudio.dsp.resample.PolyphaseResampler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Convolves the item with an impulse response chosen uniformly from a set (audiomentations
 * {@code ApplyImpulseResponse}): reverberation of a room, a speaker, a phone line. The result
 * keeps the item's length by default ({@code leave_length_unchanged}); with
 * {@link #keepTail(boolean) keepTail(true)} it grows by the response's length minus one, the
 * reverberant tail after the item's end. Every channel is convolved with the same (mono) response;
 * no gain is applied. A response at another rate than the item's is resampled (once per rate, cached)
 * and scaled by the rate ratio, so its frequency response stays the same.
 * Records {@code ir_index}, the chosen response's position in the set.
 *
 * <p>Immutable and thread-safe. {@link #fromFolder} reads and decodes files: call it when setting up
 * a pipeline, not on a {@code parallel()} thread.
 */
public final class ApplyImpulseResponse implements Augmentation {

    private final List<float[]> responses;
    private final int sampleRate;
    private final boolean keepTail;
    private final Map<Long, float[]> resampled;

    private ApplyImpulseResponse(List<float[]> responses, int sampleRate, boolean keepTail, Map<Long, float[]> resampled) {
        this.responses = responses;
        this.sampleRate = sampleRate;
        this.keepTail = keepTail;
        this.resampled = resampled;
    }

    /**
     * Responses given as mono samples at one rate.
     *
     * @throws IllegalArgumentException if there is no response, one is empty, or the rate is not positive
     */
    public static ApplyImpulseResponse of(List<float[]> monoResponses, int sampleRate) {
        if (monoResponses.isEmpty() || sampleRate < 1) {
            throw new IllegalArgumentException("need at least one impulse response and a positive sample rate");
        }
        List<float[]> copies = new ArrayList<>();
        for (float[] response : monoResponses) {
            if (response.length == 0) {
                throw new IllegalArgumentException("impulse response " + copies.size() + " is empty");
            }
            copies.add(response.clone());
        }
        return new ApplyImpulseResponse(List.copyOf(copies), sampleRate, false, new ConcurrentHashMap<>());
    }

    /**
     * The audio files directly in a folder (WAV, FLAC, MP3, in name order), each mixed to mono and
     * resampled to the first file's rate. Blocking: reads and decodes every file now.
     *
     * @throws java.io.UncheckedIOException if the folder cannot be listed
     * @throws io.reactiveaudio.codec.AudioDecodeException if a file cannot be decoded
     * @throws IllegalArgumentException if the folder holds no audio file
     */
    public static ApplyImpulseResponse fromFolder(Path folder) {
        List<Path> files = AudioFiles.list(folder, "impulse response");
        AudioDecoders decoders = AudioDecoders.standard();
        List<float[]> responses = new ArrayList<>();
        int rate = 0;
        for (Path file : files) {
            DecodedAudio decoded = decoders.decode(file);
            float[] mono = AudioFiles.mono(decoded);
            int fileRate = decoded.info().sampleRate();
            rate = rate == 0 ? fileRate : rate;
            responses.add(fileRate == rate ? mono : resample(mono, fileRate, rate));
        }
        return of(responses, rate);
    }

    /** This augmentation keeping the reverberant tail (longer output) or not (the default). */
    public ApplyImpulseResponse keepTail(boolean keep) {
        return new ApplyImpulseResponse(responses, sampleRate, keep, resampled);
    }

    /** How many responses there are to choose from. */
    public int size() {
        return responses.size();
    }

    @Override
    public Audio apply(Audio audio, AugmentContext context) {
        int index = context.random().nextInt(responses.size());
        float[] response = responseAt(index, audio.sampleRate());
        int frames = keepTail ? audio.frames() + response.length - 1 : audio.frames();
        float[] out = FftConvolution.convolve(audio.samples(), audio.channels(), response, frames);
        context.record(Applied.of("ApplyImpulseResponse", "ir_index", index));
        return audio.withSamples(out);
    }

    private float[] responseAt(int index, int rate) {
        if (rate == sampleRate) {
            return responses.get(index);
        }
        return resampled.computeIfAbsent(((long) index << 32) | rate,
                key -> resample(responses.get(index), sampleRate, rate));
    }

    /**
     * A response at another rate with the same frequency response: resampled, and scaled by
     * {@code from / to} because each output sample stands for {@code from / to} times as many input samples.
     */
    private static float[] resample(float[] response, int from, int to) {
        float[] out = PolyphaseResampler.resample(response, 1, from, to);
        float scale = (float) from / to;
        for (int i = 0; i < out.length; i++) {
            out[i] *= scale;
        }
        return out;
    }

    @Override
    public String toString() {
        return "ApplyImpulseResponse(" + responses.size() + " responses at " + sampleRate + " Hz"
                + (keepTail ? ", with tail)" : ")");
    }
}
