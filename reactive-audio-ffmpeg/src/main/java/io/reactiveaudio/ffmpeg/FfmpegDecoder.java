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

/**
 * Decodes one format with FFmpeg into the same interleaved float32 chunks (full scale 1.0, the
 * file's own sample rate and channels) as the built-in decoders.
 *
 * <p>For MP3, WAV and FLAC the headers are read by the built-in decoder's header reader, so
 * {@link #probe} gives the same {@link AudioInfo} as the pure-Java path (exact frame count, MP3
 * details, errors with byte offsets) and the output holds exactly that many frames (gapless MP3:
 * FFmpeg trims the LAME tag's encoder delay and padding itself). Variants the header reader does
 * not support (WAV A-law, ADPCM, ...) fall back to FFmpeg's view with an unknown frame count, as
 * do AAC, Opus and Vorbis. Sniffing is by content: the built-in rules for MP3, WAV and FLAC; Ogg
 * pages starting with {@code OpusHead} or {@code \1vorbis}; MP4/M4A ({@code ftyp}) and ADTS for AAC.
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
        try (FfmpegPcmReader reader = FfmpegPcmReader.open(in, codec, demuxer(), null, false)) {
            return reader.info();
        }
    }

    @Override
    public PcmReader open(ByteInput in) {
        AudioInfo known;
        try {
            known = headerInfo(in);
            in.seek(0);
        } catch (RuntimeException e) {
            in.close();
            throw e;
        }
        return FfmpegPcmReader.open(in, codec, demuxer(), known, true);
    }

    /** The built-in header reader's view, or null when there is none or it does not support the variant. */
    private AudioInfo headerInfo(ByteInput in) {
        if (headers == null) {
            return null;
        }
        try {
            return headers.probe(in);
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
