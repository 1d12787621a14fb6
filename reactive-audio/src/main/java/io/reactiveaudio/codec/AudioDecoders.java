package io.reactiveaudio.codec;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.audio.Codec;
import io.reactiveaudio.audio.Location;
import io.reactiveaudio.bytes.ByteSource;
import io.reactiveaudio.bytes.ByteSources;
import io.reactiveaudio.codec.AudioDecodeException.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Picks the decoder for a file by sniffing its content (magic bytes, after any leading ID3v2 tag),
 * not its name, and offers one-call probe, open and decode.
 *
 * <p>Decoders come from backends ({@link DecoderProvider}): the built-in {@code "jlayer"} one and any
 * found on the class path, such as {@code reactive-audio-ffmpeg}. {@link #standard()} tries the
 * highest-priority backend first; {@link #preferring(String)} puts a named one first.
 *
 * <p>All methods block on file I/O: call them on a bounded-elastic thread (the pipeline's decode
 * operator does). Errors are {@link AudioDecodeException}s naming the file. Immutable and
 * thread-safe.
 */
public final class AudioDecoders {

    /**
     * System property naming the backend {@link #standard()} puts first: {@code auto} (the default:
     * by priority) or a backend name such as {@code jlayer} or {@code ffmpeg}. Read once, at first use.
     */
    public static final String PREFERENCE_PROPERTY = "reactiveaudio.decoder";

    /** The preference that orders backends by priority alone. */
    public static final String AUTO = "auto";

    private static final Logger LOG = Loggers.getLogger(AudioDecoders.class);

    /** Frames of a header's count {@link #readAll} allocates up front (24 s at 44.1 kHz). */
    private static final long TRUSTED_FRAMES = 1 << 20;

    private final List<AudioDecoder> decoders;

    private AudioDecoders(List<AudioDecoder> decoders) {
        this.decoders = List.copyOf(decoders);
    }

    /**
     * The decoders of every available backend, the highest priority first (so a native backend on
     * the class path, like FFmpeg, wins over the built-in decoders), unless the
     * {@value #PREFERENCE_PROPERTY} system property names another backend to put first.
     */
    public static AudioDecoders standard() {
        return Backends.STANDARD;
    }

    /** The built-in pure-Java decoders alone ({@code "jlayer"}): WAV, FLAC and MP3. */
    public static AudioDecoders builtIn() {
        return Backends.BUILT_IN;
    }

    /**
     * The decoders of every available backend with those of {@code backend} first, then the others
     * by priority; {@value #AUTO} is the priority order alone. Formats the preferred backend does
     * not read still go to the others.
     *
     * @throws IllegalArgumentException when no available backend has that name (the message lists them)
     */
    public static AudioDecoders preferring(String backend) {
        String name = backend.toLowerCase(Locale.ROOT);
        if (name.equals(AUTO)) {
            return Backends.AUTOMATIC;
        }
        DecoderProvider first = Backends.PROVIDERS.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no decoder backend '" + backend
                        + "' on the class path; available: " + AUTO + ", " + String.join(", ", backends())));
        List<AudioDecoder> order = new ArrayList<>(first.decoders());
        Backends.PROVIDERS.stream().filter(p -> p != first).forEach(p -> order.addAll(p.decoders()));
        return of(order);
    }

    /** The names of the available backends, the highest priority first ({@code ["ffmpeg", "jlayer"]}). */
    public static List<String> backends() {
        return Backends.PROVIDERS.stream().map(DecoderProvider::name).toList();
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
     * <p>A file that starts with {@code "ID3"} goes to the MP3 decoder when no decoder recognises
     * what follows, also when the tag's header is damaged (its size then cannot be trusted, so the
     * MP3 frame scanner finds the audio by resynchronising).
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
        if (contentStart > 0 || Id3v2Tag.startsWithMagic(head, length)
                || in.path().toString().toLowerCase(Locale.ROOT).endsWith(".mp3")) {
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

    /**
     * Opens a file for incremental decoding; the caller closes the reader. A file that decodes to
     * no audio although its headers do not declare it empty fails with EMPTY at the read that
     * would end it, whichever backend decodes it.
     */
    public PcmReader open(Path file) {
        return open(ByteInput.open(file), null);
    }

    /**
     * Opens the part of a file a source names (its offset and duration, in seconds, rounded to
     * the nearest sample frame); the caller closes the reader.
     */
    public PcmReader open(AudioSource source) {
        return open(source, null);
    }

    /**
     * As {@link #open(AudioSource)}, letting the decoder convert to {@code target} while it
     * decodes where it can ({@link AudioDecoder#open(ByteInput, TargetFormat)}); the reader's
     * {@link PcmReader#info()} says what it delivers. A clipped source is never converted by the
     * decoder (its offset and duration are rounded at the file's own rate, then resampled, as
     * without a target), nor is anything when {@code target} is null.
     */
    public PcmReader open(AudioSource source, TargetFormat target) {
        TargetFormat asked = source.isClipped() ? null : target;
        ByteInput in = source.inShard() ? ByteInput.open(byteSource(source), source.path()) : ByteInput.open(source.path());
        return clip(open(in, asked), source);
    }

    /** Opens what {@code in} reads, converted to {@code target} where the decoder can (none when null). */
    private PcmReader open(ByteInput in, TargetFormat target) {
        try {
            return new NonEmptyPcmReader(wrapFailures(in.path(),
                    () -> target == null ? detect(in).open(in) : detect(in).open(in, target)));
        } catch (RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * What the decoders convert with when asked for a {@link TargetFormat}, each decoder's
     * {@link AudioDecoder#conversion()} in order; empty when none converts.
     */
    public String conversions() {
        return decoders.stream().map(AudioDecoder::conversion).filter(c -> !c.isEmpty()).distinct()
                .collect(Collectors.joining(","));
    }

    /** Reads a source's headers without decoding its audio: a file's or a shard member's. */
    public AudioInfo probe(AudioSource source) {
        if (!source.inShard()) {
            return probe(source.path());
        }
        try (ByteInput in = ByteInput.open(byteSource(source), source.path())) {
            return wrapFailures(source.path(), () -> detect(in).probe(in));
        }
    }

    /**
     * The bytes of a shard member: the byte range of its shard (a local path or a URL opened by
     * {@link ByteSources}) that its location names.
     */
    public static ByteSource byteSource(AudioSource source) {
        Location at = source.location();
        return ByteSources.of(at.shard()).range(at.offset(), at.length(), at.name());
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

    /**
     * Reads a reader to its end into memory. The headers' frame count sizes the first buffer only
     * up to {@value #TRUSTED_FRAMES} frames (a damaged header cannot make it allocate more); the
     * buffer grows as the audio arrives.
     */
    public static DecodedAudio readAll(PcmReader reader) {
        AudioInfo info = reader.info();
        int channels = info.channels();
        int chunk = 16_384;
        float[] all = new float[(int) (channels
                * (info.framesKnown() ? Math.max(1, Math.min(info.frames(), TRUSTED_FRAMES)) : chunk))];
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

    /** The formats the decoders read, each once, in the order they are tried ({@code "WAV/FLAC/MP3"}). */
    private String names() {
        return decoders.stream().map(d -> d.codec().name()).distinct().collect(Collectors.joining("/"));
    }

    private static String describe(byte[] b, int n) {
        StringBuilder s = new StringBuilder("'");
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xFF;
            s.append(c >= 0x20 && c < 0x7F ? Character.toString(c) : String.format("\\x%02x", c));
        }
        return s.append('\'').toString();
    }

    /** The backends found on the class path, discovered once, at first use. */
    private static final class Backends {

        static final List<DecoderProvider> PROVIDERS = discover();
        static final AudioDecoders BUILT_IN = of(new BuiltInDecoders().decoders());
        static final AudioDecoders AUTOMATIC = of(PROVIDERS.stream().flatMap(p -> p.decoders().stream()).toList());
        static final AudioDecoders STANDARD = preferred(System.getProperty(PREFERENCE_PROPERTY, AUTO));

        private static AudioDecoders preferred(String backend) {
            try {
                return preferring(backend);
            } catch (IllegalArgumentException e) {
                LOG.warn("{}={}: {}; using {}", PREFERENCE_PROPERTY, backend, e.getMessage(), AUTO);
                return AUTOMATIC;
            }
        }

        private static List<DecoderProvider> discover() {
            List<DecoderProvider> found = new ArrayList<>(List.of(new BuiltInDecoders()));
            var loader = ServiceLoader.load(DecoderProvider.class).iterator();
            while (true) {
                try {
                    if (!loader.hasNext()) {
                        break;
                    }
                    DecoderProvider provider = loader.next();
                    if (provider.available() && found.stream().noneMatch(p -> p.name().equals(provider.name()))) {
                        found.add(provider);
                    }
                } catch (ServiceConfigurationError e) {
                    LOG.warn("decoder backend left out: {}", e.toString());
                }
            }
            found.sort(Comparator.comparingInt(DecoderProvider::priority).reversed());
            return List.copyOf(found);
        }
    }

    @Override
    public String toString() {
        return "AudioDecoders" + Objects.toString(decoders.stream().map(AudioDecoder::codec).toList());
    }
}
