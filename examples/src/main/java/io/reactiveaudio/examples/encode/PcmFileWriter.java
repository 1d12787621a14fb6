package io.reactiveaudio.examples.encode;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Streams interleaved float32 samples (full scale 1.0) into a file whose header is completed on
 * {@link #close()}, so audio of any length is written without holding it in memory.
 *
 * <p>The format follows the file name's extension (see {@link #create}). Until it is closed, the
 * file's header describes zero frames. Methods block on file I/O: call them on a bounded-elastic
 * thread. Not thread-safe: one caller at a time. I/O failures surface as
 * {@link java.io.UncheckedIOException}.
 */
public interface PcmFileWriter extends Closeable {

    /**
     * Appends frames.
     *
     * @param interleaved samples, frame {@code i} channel {@code c} at {@code i * channels + c}
     * @param frames how many frames of {@code interleaved} to write, from index 0 (0 or more)
     * @throws IllegalArgumentException when {@code interleaved} holds fewer than {@code frames} frames
     * @throws IllegalStateException after {@link #close()}
     */
    void write(float[] interleaved, int frames);

    /** Writes the final header and closes the file; idempotent. */
    @Override
    void close();

    /**
     * Creates (or replaces) a file, choosing the format by the extension, case-insensitively:
     * <ul>
     *   <li>{@code .npy}: NumPy format 1.0, dtype {@code '<f4'}, C order, shape {@code (frames, channels)};
     *   <li>{@code .f32}: raw little-endian float32, interleaved, no header;
     *   <li>{@code .wav}: IEEE float32 WAV with a {@code fact} chunk; it becomes RF64 (with
     *       {@code ds64}) when it outgrows the 4 GB RIFF limit.
     * </ul>
     *
     * @param out the file to write
     * @param channels interleaved channels per frame (1 or more)
     * @param sampleRate in Hz (1 or more); stored in WAV only
     * @throws IllegalArgumentException for another extension, or channels or rate out of range
     */
    static PcmFileWriter create(Path out, int channels, int sampleRate) {
        Objects.requireNonNull(out, "out");
        if (channels < 1 || sampleRate < 1) {
            throw new IllegalArgumentException("need channels >= 1 and sampleRate >= 1: " + channels + ", " + sampleRate);
        }
        Path name = out.getFileName();
        String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        FileHeader header;
        if (lower.endsWith(".npy")) {
            header = new NpyHeader(channels);
        } else if (lower.endsWith(".f32")) {
            header = FileHeader.NONE;
        } else if (lower.endsWith(".wav")) {
            header = new WavFloat32Header(channels, sampleRate);
        } else {
            throw new IllegalArgumentException("cannot write " + out + ": the name must end in .npy, .f32 or .wav");
        }
        return Float32FileWriter.open(out, channels, header);
    }
}
