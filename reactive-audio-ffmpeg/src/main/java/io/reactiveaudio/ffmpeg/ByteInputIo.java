package io.reactiveaudio.ffmpeg;

import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FORCE;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_SIZE;
import static org.bytedeco.ffmpeg.global.avformat.avio_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avio_context_free;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.ByteInput;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.Read_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avformat.Seek_Pointer_long_int;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * An FFmpeg {@code AVIOContext} that reads through a {@link ByteInput}, so the file is opened,
 * positioned and reported on by the same code as for the built-in decoders (errors name the
 * byte offset, reads stay on the caller's bounded-elastic thread).
 *
 * <p>FFmpeg sees the bytes {@code [start, end)} of the file as the whole stream: positions it asks
 * for are relative to {@code start}, and the stream ends at {@code end}. So an MP3 stream can begin
 * at its first frame, past a tag or garbage FFmpeg would read otherwise.
 *
 * <p>JavaCPP allows few callback objects per type, so one read and one seek callback serve every
 * open input; FFmpeg hands them the {@code opaque} pointer, whose address is the key of the input
 * in a concurrent map. A failure of the {@link ByteInput} inside a callback is kept and rethrown
 * by {@link #rethrow()} once FFmpeg returns. Not thread-safe: one decoding thread at a time.
 */
final class ByteInputIo implements AutoCloseable {

    /** Bytes FFmpeg reads per call. */
    private static final int BUFFER_BYTES = 1 << 16;
    /** {@code AVERROR(EIO)} on Linux. */
    private static final int AVERROR_EIO = -5;

    private static final Map<Long, ByteInputIo> OPEN = new ConcurrentHashMap<>();

    private static final Read_packet_Pointer_BytePointer_int READ = new Read_packet_Pointer_BytePointer_int() {
        @Override
        public int call(Pointer opaque, BytePointer buffer, int size) {
            return OPEN.get(opaque.address()).read(buffer, size);
        }
    };

    private static final Seek_Pointer_long_int SEEK = new Seek_Pointer_long_int() {
        @Override
        public long call(Pointer opaque, long offset, int whence) {
            return OPEN.get(opaque.address()).seek(offset, whence);
        }
    };

    private final ByteInput in;
    private final long start;
    private final long end;
    private final boolean ownInput;
    private final BytePointer key;
    private final AVIOContext context;
    private byte[] scratch = new byte[BUFFER_BYTES];
    private AudioDecodeException failure;

    /**
     * Reads the bytes {@code [start, end)} through {@code in}, from {@code start} on;
     * {@link #close()} closes {@code in} when {@code ownInput}.
     */
    ByteInputIo(ByteInput in, long start, long end, boolean ownInput) {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("need 0 <= start <= end: start " + start + ", end " + end);
        }
        this.in = in;
        this.start = start;
        this.end = end;
        this.ownInput = ownInput;
        in.seek(start);
        this.key = new BytePointer(1);
        OPEN.put(key.address(), this);
        BytePointer buffer = new BytePointer(av_malloc(BUFFER_BYTES)).capacity(BUFFER_BYTES);
        this.context = avio_alloc_context(buffer, BUFFER_BYTES, 0, key, READ, null, SEEK);
        if (context == null || context.isNull()) {
            av_free(buffer);
            OPEN.remove(key.address());
            key.close();
            throw new OutOfMemoryError("avio_alloc_context failed");
        }
    }

    /** The context to give {@code AVFormatContext.pb}. */
    AVIOContext context() {
        return context;
    }

    /** The input's position in the file: the byte after the last one FFmpeg has read. */
    long position() {
        return in.position();
    }

    /** The file offset of a position FFmpeg reports (a packet's), or -1 for FFmpeg's -1 (unknown). */
    long fileOffset(long streamPosition) {
        return streamPosition < 0 ? AudioDecodeException.UNKNOWN_OFFSET : start + streamPosition;
    }

    /** Size of the file in bytes. */
    long size() {
        return in.size();
    }

    /** The input, for a look at the file once FFmpeg has stopped reading. */
    ByteInput input() {
        return in;
    }

    /** Throws the {@link ByteInput} failure a callback met, if any. */
    void rethrow() {
        if (failure != null) {
            throw failure;
        }
    }

    private int read(BytePointer buffer, int size) {
        try {
            if (scratch.length < size) {
                scratch = new byte[size];
            }
            long left = end - in.position();
            int n = left <= 0 ? 0 : in.readFully(scratch, 0, (int) Math.min(size, left));
            if (n <= 0) {
                return AVERROR_EOF;
            }
            buffer.position(0).put(scratch, 0, n);
            return n;
        } catch (AudioDecodeException e) {
            failure = e;
            return AVERROR_EIO;
        }
    }

    private long seek(long offset, int whence) {
        try {
            if ((whence & AVSEEK_SIZE) != 0) {
                return end - start;
            }
            long target = switch (whence & ~AVSEEK_FORCE) {
                case 0 -> start + offset;
                case 1 -> in.position() + offset;
                case 2 -> end + offset;
                default -> -1;
            };
            if (target < start) {
                return AVERROR_EIO;
            }
            in.seek(target);
            return target - start;
        } catch (AudioDecodeException e) {
            failure = e;
            return AVERROR_EIO;
        }
    }

    /** Frees the context and its buffer, and closes the input if it owns it. */
    @Override
    public void close() {
        OPEN.remove(key.address());
        av_free(context.buffer());
        avio_context_free(context);
        key.close();
        if (ownInput) {
            in.close();
        }
    }
}
