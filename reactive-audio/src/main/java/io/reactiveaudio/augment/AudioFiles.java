package io.reactiveaudio.augment;

import io.reactiveaudio.codec.DecodedAudio;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The audio files that augmentations read from (noise clips, impulse responses): listing a folder
 * and mixing decoded files to mono. Blocking file I/O; stateless and thread-safe.
 */
public final class AudioFiles {

    private AudioFiles() {
    }

    /**
     * The WAV, FLAC and MP3 files directly in a folder, in name order.
     *
     * @param folder the folder
     * @param what what the files are, for messages ("noise clip", "impulse response")
     * @throws UncheckedIOException if the folder cannot be listed
     * @throws IllegalArgumentException if it holds no audio file
     */
    public static List<Path> list(Path folder, String what) {
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(AudioFiles::isAudio).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the " + what + "s in " + folder, e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no .wav, .flac or .mp3 " + what + " in " + folder);
        }
        return files;
    }

    /** The mean of a decoded file's channels, one float per frame. */
    public static float[] mono(DecodedAudio audio) {
        int channels = audio.info().channels();
        float[] interleaved = audio.samples();
        if (channels == 1) {
            return interleaved;
        }
        float[] mono = new float[interleaved.length / channels];
        for (int t = 0; t < mono.length; t++) {
            float sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += interleaved[t * channels + c];
            }
            mono[t] = sum / channels;
        }
        return mono;
    }

    private static boolean isAudio(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(file) && (name.endsWith(".wav") || name.endsWith(".flac") || name.endsWith(".mp3"));
    }
}
