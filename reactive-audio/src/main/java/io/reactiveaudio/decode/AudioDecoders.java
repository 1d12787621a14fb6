package io.reactiveaudio.decode;

import io.reactiveaudio.decode.AudioDecodeException.Kind;
import io.reactiveaudio.decode.flac.FlacDecoder;
import io.reactiveaudio.decode.mp3.Mp3Decoder;
import io.reactiveaudio.decode.wav.WavDecoder;
import io.reactiveaudio.source.AudioSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Picks the decoder for a file by sniffing its content (magic bytes, after any leading ID3v2 tag),
 * not its name, and offers one-call probe, open and decode.
 *
 * <p>All methods block on file I/O: call them on a bounded-elastic thread (the pipeline's decode
 * operator does). Errors are {@link AudioDecodeException}s naming the file. Immutable and
 * thread-safe.
 */
public final class AudioDecoders {

    private static final AudioDecoders STANDARD = new AudioDecoders(List.of(new WavDecoder(), new FlacDecoder(), new Mp3Decoder()));

    private final List<AudioDecoder> decoders;

    private AudioDecoders(List<AudioDecoder> decoders) {
        this.decoders = List.copyOf(decoders);
    }

    /** The built-in decoders: WAV, FLAC and MP3. */
    public static AudioDecoders standard() {
        return STANDARD;
    }

    /** A registry of the given decoders, tried in order. */
    public static AudioDecoders of(List<AudioDecoder> decoders) {
        if (decoders.isEmpty()) {
            throw new IllegalArgumentException("no decoders");
        }
        return new AudioDecoders(decoders);
    }

    /** The decoders, in the order they are tried. */
    public List<AudioDecoder> decoders() {
        return decoders;
    }

    /**
     * The decoder for the file {@code in} reads, which is left at position 0.
     *
     * @throws AudioDecodeException EMPTY for a file without bytes, UNSUPPORTED when no decoder
     *     recognises the content
     */
    public AudioDecoder detect(ByteInput in) {
        in.seek(0);
        long size = in.size();
        if (size == 0) {
            throw in.error(Kind.EMPTY, 0, "file has no bytes");
        }
        long contentStart = Id3v2Tag.skipAll(in, 0);
        byte[] head = new byte[AudioDecoder.SNIFF_BYTES];
        in.seek(contentStart);
        int length = in.readFully(head, 0, head.length);
        in.seek(0);
        for (AudioDecoder decoder : decoders) {
            if (decoder.sniff(head, length)) {
                return decoder;
            }
        }
        if (contentStart > 0 || in.path().toString().toLowerCase(Locale.ROOT).endsWith(".mp3")) {
            for (AudioDecoder decoder : decoders) {
                if (decoder.codec() == Codec.MP3) {
                    return decoder;
                }
            }
        }
        throw in.error(Kind.UNSUPPORTED, contentStart, "not a " + names() + " file (starts with "
                + describe(head, Math.min(length, 8)) + ")");
    }

    /** Reads a file's headers without decoding its audio. */
    public AudioInfo probe(Path file) {
        try (ByteInput in = ByteInput.open(file)) {
            return wrapFailures(file, () -> detect(in).probe(in));
        }
    }

    /** Opens a file for incremental decoding; the caller closes the reader. */
    public PcmReader open(Path file) {
        ByteInput in = ByteInput.open(file);
        try {
            return wrapFailures(file, () -> detect(in).open(in));
        } catch (RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Opens the part of a file a source names (its offset and duration, in seconds, rounded to
     * the nearest sample frame); the caller closes the reader.
     */
    public PcmReader open(AudioSource source) {
        return clip(open(source.path()), source);
    }

    /**
     * The part of a whole file's reader that a source names (its offset and duration, in
     * seconds, rounded to the nearest sample frame); the reader itself when the source is not
     * clipped. Closing the result closes {@code reader}.
     */
    public static PcmReader clip(PcmReader reader, AudioSource source) {
        if (!source.isClipped()) {
            return reader;
        }
        int rate = reader.info().sampleRate();
        long offset = Math.round(source.offsetSeconds() * rate);
        long frames = source.durationSeconds() == AudioSource.TO_END
                ? Long.MAX_VALUE : Math.round(source.durationSeconds() * rate);
        return new ClippedPcmReader(reader, offset, frames);
    }

    /**
     * Decodes a whole file into memory.
     *
     * @throws AudioDecodeException on any problem, including truncation (fail policy)
     */
    public DecodedAudio decode(Path file) {
        try (PcmReader reader = open(file)) {
            return readAll(reader);
        }
    }

    /** Reads a reader to its end into memory. */
    public static DecodedAudio readAll(PcmReader reader) {
        AudioInfo info = reader.info();
        int channels = info.channels();
        int chunk = 16_384;
        float[] all = new float[(int) Math.min(Integer.MAX_VALUE - 8,
                (info.framesKnown() ? Math.max(info.frames(), 1) : chunk) * channels)];
        int frames = 0;
        float[] buffer = new float[chunk * channels];
        int n;
        while ((n = wrapFailures(info.path(), () -> reader.read(buffer, chunk))) > 0) {
            if ((frames + n) * channels > all.length) {
                all = java.util.Arrays.copyOf(all, Math.max(all.length * 2, (frames + n) * channels));
            }
            System.arraycopy(buffer, 0, all, frames * channels, n * channels);
            frames += n;
        }
        float[] samples = all.length == frames * channels ? all : java.util.Arrays.copyOf(all, frames * channels);
        return new DecodedAudio(info.withFrames(frames), samples);
    }

    /**
     * Runs decoder code, turning unexpected exceptions (a decoder meeting data it does not
     * anticipate) into CORRUPT errors that name the file.
     */
    static <T> T wrapFailures(Path file, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (AudioDecodeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AudioDecodeException(file, Kind.CORRUPT, AudioDecodeException.UNKNOWN_OFFSET,
                    "decoder failed: " + e, e);
        }
    }

    private String names() {
        StringBuilder b = new StringBuilder();
        for (AudioDecoder d : decoders) {
            b.append(b.length() == 0 ? "" : "/").append(d.codec().name());
        }
        return b.toString();
    }

    private static String describe(byte[] b, int n) {
        StringBuilder s = new StringBuilder("'");
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xFF;
            s.append(c >= 0x20 && c < 0x7F ? Character.toString(c) : String.format("\\x%02x", c));
        }
        return s.append('\'').toString();
    }

    @Override
    public String toString() {
        return "AudioDecoders" + Objects.toString(decoders.stream().map(AudioDecoder::codec).toList());
    }
}
