package io.reactiveaudio.ffmpeg;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.Codec;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecodeException.Kind;
import io.reactiveaudio.codec.AudioDecoder;
import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.codec.TargetFormat;
import io.reactiveaudio.codec.flac.FlacDecoder;
import io.reactiveaudio.codec.mp3.Mp3Decoder;
import io.reactiveaudio.codec.wav.WavDecoder;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Decodes one format with FFmpeg into the same interleaved float32 chunks (full scale 1.0, the
 * file's own sample rate and channels) as the built-in decoders.
 *
 * <p>For MP3, WAV and FLAC the headers are read by the built-in decoder's header reader, so
 * {@link #probe} gives the same {@link AudioInfo} as the pure-Java path (frame count, MP3
 * details, errors with byte offsets). MP3: FFmpeg is shown the file from the first frame the
 * built-in scanner accepts (past tags, a damaged tag or garbage, so the Xing/Info frame comes
 * first and FFmpeg trims the LAME tag's encoder delay and padding itself) to the end of the audio;
 * the frame count is a hint: output stops there, and a stream that ends sooner is TRUNCATED only
 * when the file ends inside a frame. FLAC's STREAMINFO count is exact: ending sooner is TRUNCATED.
 * WAV files the built-in reader supports are read by it (PCM needs no codec, and its reading of
 * odd chunk layouts, such as an empty data chunk in front of the real one, is the one both
 * backends must share); variants it does not support (A-law, ADPCM, ...) go to FFmpeg with an
 * unknown frame count, as do AAC, Opus and Vorbis. A variant that neither the header reader nor
 * FFmpeg reads (free-format MP3) fails with the header reader's UNSUPPORTED error, as in the
 * built-in decoders, not with FFmpeg's CORRUPT. Sniffing is by content: the built-in rules for
 * MP3, WAV and FLAC; Ogg pages starting with {@code OpusHead} or {@code \1vorbis}; MP4/M4A
 * ({@code ftyp}) and ADTS for AAC.
 *
 * <p>{@link #probe} and {@link #open} block (file I/O, and loading the natives on first use): call
 * them on a bounded-elastic thread. Stateless and thread-safe.
 */
public final class FfmpegDecoder implements AudioDecoder {

    private final Codec codec;
    private final AudioDecoder headers;

    /** A decoder for {@code codec} (any {@link Codec}). */
    public FfmpegDecoder(Codec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.headers = switch (codec) {
            case MP3 -> new Mp3Decoder();
            case WAV -> new WavDecoder();
            case FLAC -> new FlacDecoder();
            case AAC, OPUS, VORBIS -> null;
        };
    }

    @Override
    public Codec codec() {
        return codec;
    }

    @Override
    public boolean sniff(byte[] head, int length) {
        return switch (codec) {
            case MP3, WAV, FLAC -> headers.sniff(head, length);
            case AAC -> Sniffing.mp4(head, length) || Sniffing.adts(head, length);
            case OPUS -> Sniffing.oggWith(head, length, "OpusHead");
            case VORBIS -> Sniffing.oggWith(head, length, "\u0001vorbis");
        };
    }

    @Override
    public AudioInfo probe(ByteInput in) {
        Headers<AudioInfo> known = headerInfo(in);
        if (known.found() != null) {
            return known.found();
        }
        in.seek(0);
        return unlessNeitherReads(known, () -> {
            try (FfmpegPcmReader reader = FfmpegPcmReader.open(in, codec, demuxer(), StreamPlan.whole(in, null),
                    false, null)) {
                return reader.info();
            }
        });
    }

    @Override
    public PcmReader open(ByteInput in) {
        return open(in, null);
    }

    /**
     * Opens a reader that resamples to {@code target}, averaging the channels where it asks for
     * mono, in libswresample while it decodes ({@link #conversion()}); WAV files the built-in
     * reader reads are not converted (their reader delivers the file's own rate and channels).
     */
    @Override
    public PcmReader open(ByteInput in, TargetFormat target) {
        Headers<StreamPlan> plan;
        try {
            plan = plan(in);
            in.seek(0);
        } catch (RuntimeException e) {
            in.close();
            throw e;
        }
        if (codec == Codec.WAV && plan.found().known() != null) {
            return headers.open(in);
        }
        return unlessNeitherReads(plan, () -> FfmpegPcmReader.open(in, codec, demuxer(), plan.found(), true, target));
    }

    @Override
    public String conversion() {
        return SwrConversion.DESIGN;
    }

    /**
     * How FFmpeg is to read the file: the bytes it sees, the header reader's view, what an early
     * end means; with the header reader's UNSUPPORTED error where it has no view.
     */
    private Headers<StreamPlan> plan(ByteInput in) {
        if (headers instanceof Mp3Decoder mp3) {
            Headers<Mp3Decoder.Layout> layout = supported(() -> mp3.layout(in));
            if (layout.found() == null) {
                return new Headers<>(StreamPlan.whole(in, null), layout.unsupported());
            }
            Mp3Decoder.Layout found = layout.found();
            return new Headers<>(new StreamPlan(found.info(), found.firstFrame(), found.audioEnd(),
                    (input, frames, declared) -> mp3.cutOff(input)), null);
        }
        Headers<AudioInfo> known = headerInfo(in);
        return new Headers<>(StreamPlan.whole(in, known.found()), known.unsupported());
    }

    /** The built-in header reader's view; none when there is no reader or it does not support the variant. */
    private Headers<AudioInfo> headerInfo(ByteInput in) {
        return headers == null ? new Headers<>(null, null) : supported(() -> headers.probe(in));
    }

    /** What a built-in header reader finds, or its UNSUPPORTED error when it does not support the variant. */
    private static <T> Headers<T> supported(Supplier<T> read) {
        try {
            return new Headers<>(read.get(), null);
        } catch (AudioDecodeException e) {
            if (e.kind() == Kind.UNSUPPORTED) {
                return new Headers<>(null, e);
            }
            throw e;
        }
    }

    /**
     * Runs FFmpeg on a file; where the built-in header reader did not support its variant and
     * FFmpeg cannot open it either (CORRUPT or UNSUPPORTED), throws the header reader's UNSUPPORTED
     * error, which names the variant (free-format MP3, say), with FFmpeg's attached as suppressed:
     * a file that neither backend reads is unsupported, not corrupt, and says the same in both.
     */
    private static <T> T unlessNeitherReads(Headers<?> headers, Supplier<T> ffmpeg) {
        try {
            return ffmpeg.get();
        } catch (AudioDecodeException e) {
            AudioDecodeException unsupported = headers.unsupported();
            if (unsupported == null || (e.kind() != Kind.CORRUPT && e.kind() != Kind.UNSUPPORTED)) {
                throw e;
            }
            unsupported.addSuppressed(e);
            throw unsupported;
        }
    }

    /**
     * What a built-in header reader made of a file.
     *
     * @param found what it read, or null
     * @param unsupported its UNSUPPORTED error where it did not read the variant, else null
     */
    private record Headers<T>(T found, AudioDecodeException unsupported) {
    }

    /** The FFmpeg demuxer to use, or null to let FFmpeg probe (AAC: MP4 or ADTS). */
    private String demuxer() {
        return switch (codec) {
            case MP3 -> "mp3";
            case WAV -> "wav";
            case FLAC -> "flac";
            case OPUS, VORBIS -> "ogg";
            case AAC -> null;
        };
    }

    @Override
    public String toString() {
        return "FfmpegDecoder[" + codec.id() + "]";
    }
}
