package io.reactiveaudio.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.Codec;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecodeException.Kind;
import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.Concealment;
import io.reactiveaudio.codec.DamagedRegion;
import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.codec.TargetFormat;
import io.reactiveaudio.codec.mp3.Mp3Decoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Decodes the best audio stream of a file with FFmpeg (avformat demuxes, avcodec decodes,
 * swresample interleaves to float32 at the stream's own rate and channels), one codec frame at a
 * time: it holds one packet, one decoded frame and its float copy, never the file.
 *
 * <p>Gapless trimming is FFmpeg's: the demuxers attach the encoder delay and padding (LAME tag of
 * MP3, Opus pre-skip, MP4 edit lists) to the packets and the decoder drops those samples. When
 * {@link AudioInfo#framesKnown()} the output stops at that count; a stream that ends sooner is
 * judged by the plan's {@link StreamPlan.ShortEnd}: TRUNCATED after its last frame where the count
 * is exact or the file is cut, a plain end where the count was only a hint.
 *
 * <p><b>Damage</b> follows the built-in decoders' rule (docs/decoding.md): a packet FFmpeg's decoder
 * rejects as invalid data becomes silence of the packet's duration, and the stream goes on; in an
 * MP3 stream, where a packet is one frame and the packets lie back to back, bytes between two
 * packets, or in front of the frame in a packet (FFmpeg's parser hands garbage on with the frame
 * after it), are counted as skipped. Both are placed in {@link #concealment()}.
 *
 * <p><b>Conversion.</b> Opened with a {@link TargetFormat} whose rate or mix differs from the
 * stream's, the reader resamples (and averages the channels) in libswresample as it decodes
 * ({@link SwrConversion}): the frame count limit and gapless trimming apply to the decoded stream
 * first, so {@code n} decoded frames give exactly {@code ceil(n * targetRate / rate)} frames,
 * and {@link #info()} describes the converted stream. Damaged regions are placed at output frames.
 * Not thread-safe; natives are freed by {@link #close()}.
 */
final class FfmpegPcmReader implements PcmReader {

    private final Path path;
    private final ByteInputIo io;
    private final StreamPlan.ShortEnd shortEnd;
    private final TargetFormat target;
    private final AVPacket packet;
    private final AVFrame frame;
    private AVFormatContext format;
    private AVCodecContext decoder;
    private int stream;
    /** The stream's time base, num / den seconds per tick, read once: packets' durations are in it. */
    private long tickNum;
    private long tickDen;
    /** The decoded stream's properties. */
    private AudioInfo info;
    /** What the reader delivers: {@link #info}, or the converted stream's properties. */
    private AudioInfo delivered;
    private int channels;
    /** The conversion to the target, or null when the reader delivers the decoded stream. */
    private SwrConversion conversion;
    private int convertedPending;
    private int convertedOffset;
    private boolean conversionFinished;
    private SwrContext interleaver;
    /** The decoded frame as interleaved float32; null before the stream's channels are known. */
    private NativeFrames out;
    private int pending;
    private int pendingOffset;
    private long emitted;
    private long lastPacketOffset = AudioDecodeException.UNKNOWN_OFFSET;
    private int lastPacketBytes;
    private long lastPacketFrames;
    /** Offset after the last packet of an MP3 stream, where the next should start; -1 before the first or for other codecs. */
    private long nextPacketOffset = -1;
    private boolean backToBack;
    /** Whether the current packet of an MP3 stream holds no frame header at all (bytes the parser grouped). */
    private boolean packetHoldsNoFrame;
    private long skippedBytes;
    private long concealedUnits;
    private long silentFrames;
    private final List<DamagedRegion> regions = new ArrayList<>();
    private boolean flushed;
    private boolean ended;
    private boolean judged;
    private boolean closed;

    private FfmpegPcmReader(Path path, ByteInputIo io, StreamPlan.ShortEnd shortEnd, TargetFormat target) {
        this.path = path;
        this.io = io;
        this.shortEnd = shortEnd;
        this.target = target;
        this.packet = av_packet_alloc();
        this.frame = av_frame_alloc();
    }

    /**
     * Opens the bytes of {@code in} the plan names with the given demuxer, or FFmpeg's probe when
     * null, and its best audio stream, which must hold {@code codec} (any codec for WAV).
     *
     * @param plan the bytes FFmpeg sees, the header reader's view of the stream (or none), and
     *     what a stream that ends early means
     * @param ownInput whether closing the reader closes {@code in}
     * @param target what to convert to while decoding, or null for the stream's own rate and channels
     */
    static FfmpegPcmReader open(ByteInput in, Codec codec, String demuxer, StreamPlan plan, boolean ownInput,
                                TargetFormat target) {
        try {
            Natives.load();
        } catch (IllegalStateException e) {
            if (ownInput) {
                in.close();
            }
            throw new AudioDecodeException(in.path(), Kind.UNSUPPORTED, AudioDecodeException.UNKNOWN_OFFSET,
                    e.getMessage(), e);
        }
        FfmpegPcmReader reader = new FfmpegPcmReader(in.path(), new ByteInputIo(in, plan.start(), plan.end(), ownInput),
                plan.shortEnd(), target);
        try {
            reader.start(codec, demuxer, plan.known());
            return reader;
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    private void start(Codec codec, String demuxer, AudioInfo known) {
        AVFormatContext context = avformat_alloc_context();
        context.pb(io.context());
        AVInputFormat input = demuxer == null ? null : av_find_input_format(demuxer);
        int r = avformat_open_input(context, path.getFileName().toString(), input, (AVDictionary) null);
        io.rethrow();
        if (r < 0) {
            throw FfmpegErrors.of(path, r, AudioDecodeException.UNKNOWN_OFFSET, "cannot open the "
                    + (demuxer == null ? "container" : demuxer + " stream"));
        }
        format = context;
        r = avformat_find_stream_info(format, (PointerPointer<?>) null);
        io.rethrow();
        if (r < 0) {
            throw FfmpegErrors.of(path, r, AudioDecodeException.UNKNOWN_OFFSET, "cannot read the stream parameters");
        }
        stream = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
        if (stream < 0) {
            throw new AudioDecodeException(path, Kind.EMPTY, AudioDecodeException.UNKNOWN_OFFSET, "no audio stream");
        }
        AVCodecParameters parameters = format.streams(stream).codecpar();
        Codec found = FfmpegCodecs.codec(parameters.codec_id());
        if (codec != Codec.WAV && found != codec) {
            throw new AudioDecodeException(path, Kind.UNSUPPORTED, AudioDecodeException.UNKNOWN_OFFSET,
                    "the " + codec.id() + " container holds " + FfmpegCodecs.name(parameters.codec_id()));
        }
        openDecoder(parameters);
        info = describe(codec, parameters, known);
        channels = info.channels();
        out = new NativeFrames(channels);
        backToBack = found == Codec.MP3;
        delivered = info;
        if (target != null && (target.sampleRate() != info.sampleRate() || target.outputChannels(channels) != channels)) {
            conversion = new SwrConversion(path, info.sampleRate(), channels, target);
            delivered = new AudioInfo(path, info.codec(), target.sampleRate(), conversion.outputChannels(),
                    info.framesKnown() ? conversion.outputFrames(info.frames()) : AudioInfo.UNKNOWN_FRAMES,
                    info.bitsPerSample(), info.mp3());
        }
    }

    private void openDecoder(AVCodecParameters parameters) {
        AVCodec codec = avcodec_find_decoder(parameters.codec_id());
        if (codec == null || codec.isNull()) {
            throw new AudioDecodeException(path, Kind.UNSUPPORTED, AudioDecodeException.UNKNOWN_OFFSET,
                    "FFmpeg has no decoder for " + FfmpegCodecs.name(parameters.codec_id()));
        }
        decoder = avcodec_alloc_context3(codec);
        int r = avcodec_parameters_to_context(decoder, parameters);
        if (r >= 0) {
            AVRational tick = format.streams(stream).time_base();
            tickNum = tick.num();
            tickDen = tick.den();
            decoder.pkt_timebase(tick);
            decoder.thread_count(1);
            r = avcodec_open2(decoder, codec, (AVDictionary) null);
        }
        if (r < 0) {
            throw FfmpegErrors.of(path, r, AudioDecodeException.UNKNOWN_OFFSET, "cannot open the decoder");
        }
    }

    private AudioInfo describe(Codec codec, AVCodecParameters parameters, AudioInfo known) {
        int rate = parameters.sample_rate();
        int count = parameters.ch_layout().nb_channels();
        if (rate <= 0 || count <= 0) {
            throw new AudioDecodeException(path, Kind.CORRUPT, AudioDecodeException.UNKNOWN_OFFSET,
                    "FFmpeg finds " + rate + " Hz and " + count + " channels");
        }
        if (known == null) {
            int bits = codec == Codec.WAV || codec == Codec.FLAC ? parameters.bits_per_raw_sample() : 0;
            return new AudioInfo(path, codec, rate, count, editListFrames(rate), Math.max(bits, 0), Optional.empty());
        }
        if (known.sampleRate() != rate || known.channels() != count) {
            throw new AudioDecodeException(path, Kind.CORRUPT, AudioDecodeException.UNKNOWN_OFFSET, "the headers say "
                    + known.sampleRate() + " Hz, " + known.channels() + " channels; FFmpeg decodes " + rate + " Hz, "
                    + count + " channels");
        }
        return known;
    }

    /**
     * The frame count an MP4 edit list gives (the stream's duration, in samples), or unknown for
     * other containers. FFmpeg trims the encoder's priming at the start but leaves the padding of
     * the last AAC frame, so the output is cut at this count.
     */
    private long editListFrames(int rate) {
        AVStream audio = format.streams(stream);
        AVRational base = audio.time_base();
        boolean mp4 = format.iformat().name().getString().contains("mp4");
        return mp4 && audio.duration() > 0 && base.num() == 1 && base.den() == rate
                ? audio.duration() : AudioInfo.UNKNOWN_FRAMES;
    }

    @Override
    public AudioInfo info() {
        return delivered;
    }

    @Override
    public int read(float[] dst, int maxFrames) {
        if (closed) {
            throw new IllegalStateException("reader closed: " + path);
        }
        int outChannels = delivered.channels();
        if (maxFrames < 1 || (long) maxFrames * outChannels > dst.length) {
            throw new IllegalArgumentException("maxFrames " + maxFrames + " must be at least 1 and fit "
                    + dst.length + " samples of " + outChannels + " channels");
        }
        long limit = info.framesKnown() ? info.frames() : Long.MAX_VALUE;
        int done = conversion == null ? copyDecoded(dst, maxFrames, limit) : copyConverted(dst, maxFrames, limit);
        if (done == 0) {
            if (ended && !judged && info.framesKnown() && emitted < limit) {
                judged = true;
                Optional<AudioDecodeException> cut = shortEnd.judge(io.input(), emitted, limit);
                if (cut.isPresent()) {
                    throw cut.get();
                }
            }
            return -1;
        }
        return done;
    }

    /** Copies up to {@code maxFrames} decoded frames, at most up to frame {@code limit}, into {@code dst}. */
    private int copyDecoded(float[] dst, int maxFrames, long limit) {
        int done = 0;
        while (done < maxFrames && emitted < limit) {
            if (pending == 0 && !decodeFrame()) {
                break;
            }
            int n = (int) Math.min(Math.min(pending, maxFrames - done), limit - emitted);
            out.samples().position((long) pendingOffset * channels).get(dst, done * channels, n * channels);
            pendingOffset += n;
            pending -= n;
            emitted += n;
            done += n;
        }
        return done;
    }

    /** Copies up to {@code maxFrames} converted frames of the decoded frames up to {@code limit} into {@code dst}. */
    private int copyConverted(float[] dst, int maxFrames, long limit) {
        int outChannels = conversion.outputChannels();
        int done = 0;
        while (done < maxFrames) {
            if (convertedPending == 0) {
                if (!convertNext(limit)) {
                    break;
                }
                continue;
            }
            int n = Math.min(convertedPending, maxFrames - done);
            conversion.output().position((long) convertedOffset * outChannels).get(dst, done * outChannels,
                    n * outChannels);
            convertedOffset += n;
            convertedPending -= n;
            done += n;
        }
        return done;
    }

    /**
     * Converts the next decoded frame (cut at {@code limit}, from the start of {@link #out}, where
     * {@link #decodeFrame()} puts it) or, after the last, the frames the conversion holds back;
     * false once those are out too.
     */
    private boolean convertNext(long limit) {
        if (conversionFinished) {
            return false;
        }
        if (emitted < limit && (pending > 0 || decodeFrame())) {
            int n = (int) Math.min(pending, limit - emitted);
            convertedPending = conversion.convert(out.planes(), n);
            emitted += n;
            pending = 0;
        } else {
            convertedPending = conversion.finish();
            conversionFinished = true;
        }
        convertedOffset = 0;
        return true;
    }

    /** Decodes the next codec frame into {@link #out}; false at the end of the stream. */
    private boolean decodeFrame() {
        while (!ended) {
            int r = avcodec_receive_frame(decoder, frame);
            if (r >= 0) {
                int n = interleave();
                av_frame_unref(frame);
                if (n > 0) {
                    pending = n;
                    pendingOffset = 0;
                    return true;
                }
            } else if (r == AVERROR_EOF) {
                ended = true;
            } else if (r == FfmpegErrors.EAGAIN) {
                if (feed()) {
                    return true;
                }
            } else if (r == FfmpegErrors.INVALID_DATA && packetHoldsNoFrame) {
                skipPacket();
            } else if (r == FfmpegErrors.INVALID_DATA && lastPacketFrames > 0) {
                conceal();
                return true;
            } else {
                throw FfmpegErrors.of(path, r, lastPacketOffset, "a frame does not decode");
            }
        }
        return false;
    }

    /**
     * Sends the next packet of the stream to the decoder, or the end-of-stream signal.
     *
     * @return true when the packet was invalid data, concealed by silence now in {@link #out}
     */
    private boolean feed() {
        if (flushed) {
            ended = true;
            return false;
        }
        while (true) {
            int r = av_read_frame(format, packet);
            io.rethrow();
            if (r == AVERROR_EOF) {
                flushed = true;
                avcodec_send_packet(decoder, null);
                return false;
            }
            if (r < 0) {
                throw FfmpegErrors.of(path, r, io.position(), "cannot read a packet");
            }
            try {
                if (packet.stream_index() == stream) {
                    lastPacketOffset = io.fileOffset(packet.pos());
                    lastPacketBytes = packet.size();
                    lastPacketFrames = packetFrames();
                    noteSkippedBytes();
                    r = avcodec_send_packet(decoder, packet);
                    if (r == FfmpegErrors.INVALID_DATA && packetHoldsNoFrame) {
                        skipPacket();
                        continue;
                    }
                    if (r == FfmpegErrors.INVALID_DATA && lastPacketFrames > 0) {
                        conceal();
                        return true;
                    }
                    if (r < 0 && r != FfmpegErrors.EAGAIN) {
                        throw FfmpegErrors.of(path, r, lastPacketOffset, "a packet does not decode");
                    }
                    return false;
                }
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    /**
     * The current packet's duration in output frames: its own, else the codec's frame size, else 0.
     * Rounded to the nearest frame, halves away from zero, as {@code av_rescale_q} does; computed
     * here because that call costs two native structs per packet (5 % of a FLAC decode's CPU).
     */
    private long packetFrames() {
        long duration = packet.duration();
        long frames = 0;
        if (duration > 0 && tickNum > 0 && tickDen > 0) {
            try {
                long ticksTimesRate = Math.multiplyExact(Math.multiplyExact(duration, tickNum), info.sampleRate());
                frames = (ticksTimesRate + tickDen / 2) / tickDen;
            } catch (ArithmeticException e) {
                frames = 0;    // a duration past any real packet's: unknown
            }
        }
        return frames > 0 ? frames : Math.max(decoder.frame_size(), 0);
    }

    /**
     * Counts the bytes an MP3 demuxer passed over before the current packet's frame (garbage, a
     * lost header): between the last packet and this one, and in front of the frame within this
     * one; the packet's offset and size become the frame's.
     */
    private void noteSkippedBytes() {
        packetHoldsNoFrame = false;
        if (!backToBack || lastPacketOffset < 0) {
            return;
        }
        long from = nextPacketOffset >= 0 ? Math.min(nextPacketOffset, lastPacketOffset) : lastPacketOffset;
        nextPacketOffset = lastPacketOffset + lastPacketBytes;
        int inFront = bytesBeforeFrame();
        lastPacketOffset += inFront;
        lastPacketBytes -= inFront;
        if (lastPacketOffset > from) {
            skippedBytes += lastPacketOffset - from;
            record(new DamagedRegion(DamagedRegion.Kind.SKIPPED_BYTES, from, lastPacketOffset, outputPosition(), 0));
        }
    }

    /**
     * Bytes in front of the Layer III frame that ends the current packet: 0 when the packet starts
     * with a header whose frame fills it, else the first offset holding such a header; 0 when none
     * is found, and then {@link #packetHoldsNoFrame} says whether the packet starts with no header
     * either (bytes FFmpeg's parser grouped as a packet, such as a frame whose header was lost).
     */
    private int bytesBeforeFrame() {
        BytePointer data = packet.data();
        int size = packet.size();
        if (size < 4 || Mp3Decoder.frameBytes(word(data, 0)) == size) {
            return 0;
        }
        byte[] bytes = new byte[size];
        data.position(0).get(bytes);
        for (int k = 1; k + 4 <= size; k++) {
            int w = (bytes[k] & 0xFF) << 24 | (bytes[k + 1] & 0xFF) << 16 | (bytes[k + 2] & 0xFF) << 8
                    | (bytes[k + 3] & 0xFF);
            if (Mp3Decoder.frameBytes(w) == size - k) {
                return k;
            }
        }
        packetHoldsNoFrame = Mp3Decoder.frameBytes(word(data, 0)) < 0;
        return 0;
    }

    /** Counts the current packet, which holds no frame and does not decode, as skipped bytes: no audio, no silence. */
    private void skipPacket() {
        packetHoldsNoFrame = false;
        skippedBytes += lastPacketBytes;
        record(new DamagedRegion(DamagedRegion.Kind.SKIPPED_BYTES, lastPacketOffset, lastPacketOffset + lastPacketBytes,
                outputPosition(), 0));
    }

    private static int word(BytePointer data, int at) {
        return (data.get(at) & 0xFF) << 24 | (data.get(at + 1) & 0xFF) << 16 | (data.get(at + 2) & 0xFF) << 8
                | (data.get(at + 3) & 0xFF);
    }

    /** Puts silence of the last packet's duration in {@link #out} in place of the packet the decoder rejected. */
    private void conceal() {
        int frames = (int) lastPacketFrames;
        out.reserve(frames);
        Pointer.memset(out.samples().position(0), 0, (long) frames * channels * Float.BYTES);
        concealedUnits++;
        silentFrames += frames;
        if (lastPacketOffset >= 0 && lastPacketBytes > 0) {
            record(new DamagedRegion(DamagedRegion.Kind.CONCEALED_UNIT, lastPacketOffset,
                    lastPacketOffset + lastPacketBytes, outputPosition(), frames));
        }
        pending = frames;
        pendingOffset = 0;
    }

    /** Where the next frame put in {@link #out} lands in the output, within the output's length. */
    private long outputPosition() {
        long decoded = info.framesKnown() ? Math.min(emitted, info.frames()) : emitted;
        return conversion == null ? decoded : conversion.outputFrames(decoded);
    }

    /** Adds a region, merged with the last when both are skipped bytes that touch. */
    private void record(DamagedRegion region) {
        DamagedRegion last = regions.isEmpty() ? null : regions.get(regions.size() - 1);
        if (last != null && last.kind() == DamagedRegion.Kind.SKIPPED_BYTES
                && region.kind() == DamagedRegion.Kind.SKIPPED_BYTES && last.toByte() == region.fromByte()) {
            regions.set(regions.size() - 1, new DamagedRegion(DamagedRegion.Kind.SKIPPED_BYTES, last.fromByte(),
                    region.toByte(), last.atFrame(), 0));
        } else if (regions.size() < Concealment.MAX_REGIONS) {
            regions.add(region);
        }
    }

    @Override
    public Concealment concealment() {
        return new Concealment(skippedBytes, concealedUnits, silentFrames, regions);
    }

    /** Converts {@link #frame} to interleaved float32 in {@link #out}; returns its frames. */
    private int interleave() {
        if (frame.sample_rate() != info.sampleRate() || frame.ch_layout().nb_channels() != channels) {
            throw new AudioDecodeException(path, Kind.UNSUPPORTED, lastPacketOffset, "the stream changes to "
                    + frame.sample_rate() + " Hz, " + frame.ch_layout().nb_channels() + " channels mid-way");
        }
        if (interleaver == null) {
            interleaver = openInterleaver();
        }
        int frames = frame.nb_samples();
        out.reserve(frames);
        int n = swr_convert(interleaver, out.planes(), out.capacity(), frame.extended_data(), frames);
        if (n < 0) {
            throw FfmpegErrors.of(path, n, lastPacketOffset, "cannot convert samples to float");
        }
        return n;
    }

    private SwrContext openInterleaver() {
        SwrContext context;
        int r;
        try (PointerPointer<SwrContext> allocated = new PointerPointer<>(1)) {
            allocated.put(0, null);
            r = swr_alloc_set_opts2(allocated, frame.ch_layout(), AV_SAMPLE_FMT_FLT, frame.sample_rate(),
                    frame.ch_layout(), frame.format(), frame.sample_rate(), 0, null);
            context = allocated.get(SwrContext.class, 0);
        }
        if (r >= 0) {
            r = swr_init(context);
        }
        if (r < 0) {
            if (context != null && !context.isNull()) {
                swr_free(context);
            }
            throw FfmpegErrors.of(path, r, lastPacketOffset, "cannot set up the float conversion");
        }
        return context;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (conversion != null) {
            conversion.close();
        }
        if (interleaver != null) {
            swr_free(interleaver);
        }
        if (out != null) {
            out.close();
        }
        if (decoder != null) {
            avcodec_free_context(decoder);
        }
        if (format != null) {
            avformat_close_input(format);
        }
        av_frame_free(frame);
        av_packet_free(packet);
        io.close();
    }
}
