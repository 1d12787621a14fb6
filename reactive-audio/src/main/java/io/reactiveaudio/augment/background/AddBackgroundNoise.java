package io.reactiveaudio.augment.background;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AudioFiles;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.Augmentation;
import io.reactiveaudio.augment.Range;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Mixes a recorded noise clip into the item at a drawn SNR (audiomentations
 * {@code AddBackgroundNoise}: {@code sounds_path}, {@code min_snr_db}/{@code max_snr_db}, default
 * 3..30 dB). Per item: a clip chosen uniformly, a start drawn uniformly within it (the clip loops
 * when shorter than the item), and a gain that makes the noise's power over the item exactly
 * {@code P / 10^(snr/10)} ({@code P} the item's mean power), so the measured SNR is the draw; the
 * same (mono) noise goes to every channel. A silent item or a silent stretch of noise leaves the
 * item unchanged. Records {@code noise_index}, {@code noise_start_frame} and {@code snr_db}.
 *
 * <p>Clips are decoded on first use and cached within {@link #cacheBytes(long) a byte bound}
 * (default 256 MiB of float32), so {@link #blocking()} is true: a pipeline runs this augmentation
 * on a bounded-elastic scheduler. Immutable and thread-safe (the cache is shared and locked).
 */
public final class AddBackgroundNoise implements Augmentation {

    /** The default cache bound: 256 MiB of decoded samples. */
    public static final long DEFAULT_CACHE_BYTES = 256L << 20;

    private final NoiseClips clips;
    private final Range snrDb;

    private AddBackgroundNoise(NoiseClips clips, Range snrDb) {
        this.clips = clips;
        this.snrDb = snrDb;
    }

    /**
     * The audio files directly in a folder (WAV, FLAC, MP3, in name order), at an SNR drawn from
     * 3..30 dB. Lists the folder now (blocking); decodes nothing yet.
     *
     * @throws java.io.UncheckedIOException if the folder cannot be listed
     * @throws IllegalArgumentException if it holds no audio file
     */
    public static AddBackgroundNoise fromFolder(Path folder) {
        return new AddBackgroundNoise(new NoiseClips(AudioFiles.list(folder, "noise clip"), DEFAULT_CACHE_BYTES), new Range("snr_db", 3, 30));
    }

    /**
     * The given audio files (WAV, FLAC, MP3, indexed in the order given), at an SNR drawn from
     * 3..30 dB. Decodes nothing yet.
     *
     * @throws IllegalArgumentException if the list is empty
     */
    public static AddBackgroundNoise fromFiles(List<Path> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("need at least one noise clip");
        }
        return new AddBackgroundNoise(new NoiseClips(files, DEFAULT_CACHE_BYTES), new Range("snr_db", 3, 30));
    }

    /**
     * This augmentation at an SNR drawn from {@code [minDb, maxDb]} (within -40..120).
     *
     * @throws IllegalArgumentException for an invalid range
     */
    public AddBackgroundNoise snrDb(double minDb, double maxDb) {
        return new AddBackgroundNoise(clips, new Range("snr_db", minDb, maxDb).within(-40, 120));
    }

    /**
     * This augmentation with its own cache of decoded clips bounded to {@code bytes}.
     *
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public AddBackgroundNoise cacheBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("cache bound must not be negative, got " + bytes);
        }
        List<Path> files = IntStream.range(0, clips.size()).mapToObj(clips::file).toList();
        return new AddBackgroundNoise(new NoiseClips(files, bytes), snrDb);
    }

    /** Bytes of decoded clips cached now, at most the bound. */
    public long cachedBytes() {
        return clips.cachedBytes();
    }

    @Override
    public boolean blocking() {
        return true;
    }

    @Override
    public Audio apply(Audio audio, AugmentContext context) {
        int index = context.random().nextInt(clips.size());
        double snr = snrDb.draw(context);
        float[] noise = clips.clip(index, audio.sampleRate());
        int start = noise.length == 0 ? 0 : context.random().nextInt(noise.length);
        int frames = audio.frames();
        double power = audio.meanPower();
        double noisePower = 0;
        for (int t = 0; t < frames && noise.length > 0; t++) {
            float n = noise[(start + t) % noise.length];
            noisePower += (double) n * n;
        }
        noisePower /= frames;
        if (power > 0 && noisePower > 0) {
            float gain = (float) Math.sqrt(power / Math.pow(10, snr / 10) / noisePower);
            float[] samples = audio.samples();
            int channels = audio.channels();
            for (int t = 0; t < frames; t++) {
                float n = gain * noise[(start + t) % noise.length];
                for (int c = 0; c < channels; c++) {
                    samples[t * channels + c] += n;
                }
            }
        }
        context.record(Applied.of("AddBackgroundNoise", "noise_index", index, "noise_start_frame", start, "snr_db", snr));
        return audio;
    }

    @Override
    public String toString() {
        return "AddBackgroundNoise(" + clips.size() + " clips, " + snrDb.min() + ".." + snrDb.max() + " dB)";
    }
}
