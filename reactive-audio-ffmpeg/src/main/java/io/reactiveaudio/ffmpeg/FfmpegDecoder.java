package io.reactiveaudio.ffmpeg;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.Codec;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecodeException.Kind;
import io.reactiveaudio.codec.AudioDecoder;
import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.PcmReader;
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
 * unknown frame count, as do AAC, Opus and Vorbis. Sniffing is by content: the built-in rules for
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
        AudioInfo known = headerInfo(in);
        if (known != null) {
            return known;
        }
        in.seek(0);
        try (FfmpegPcmReader reader = FfmpegPcmReader.open(in, codec, demuxer(), StreamPlan.whole(in, null), false)) {
            return reader.info();
        }
    }

    @Override
    public PcmReader open(ByteInput in) {
        StreamPlan plan;
        try {
            plan = plan(in);
            in.seek(0);
        } catch (RuntimeException e) {
            in.close();
            throw e;
        }
        if (codec == Codec.WAV && plan.known() != null) {
            return headers.open(in);
        }
        return FfmpegPcmReader.open(in, codec, demuxer(), plan, true);
    }

    /** How FFmpeg is to read the file: the bytes it sees, the header reader's view, what an early end means. */
    private StreamPlan plan(ByteInput in) {
        if (headers instanceof Mp3Decoder mp3) {
            Mp3Decoder.Layout layout = supported(() -> mp3.layout(in));
            if (layout == null) {
                return StreamPlan.whole(in, null);
            }
            return new StreamPlan(layout.info(), layout.firstFrame(), layout.audioEnd(),
                    (input, frames, declared) -> mp3.cutOff(input));
        }
        return StreamPlan.whole(in, headerInfo(in));
    }

    /** The built-in header reader's view, or null when there is none or it does not support the variant. */
    private AudioInfo headerInfo(ByteInput in) {
        return headers == null ? null : supported(() -> headers.probe(in));
    }

    /** What a built-in header reader finds, or null when it does not support the variant. */
    private static <T> T supported(Supplier<T> read) {
        try {
            return read.get();
        } catch (AudioDecodeException e) {
            if (e.kind() == Kind.UNSUPPORTED) {
                return null;
            }
            throw e;
        }
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
