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
    private final boolean ownInput;
    private final BytePointer key;
    private final AVIOContext context;
    private byte[] scratch = new byte[BUFFER_BYTES];
    private AudioDecodeException failure;

    /** Reads through {@code in}; {@link #close()} closes it when {@code ownInput}. */
    ByteInputIo(ByteInput in, boolean ownInput) {
        this.in = in;
        this.ownInput = ownInput;
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

    /** The input's position: the byte after the last one FFmpeg has read. */
    long position() {
        return in.position();
    }

    /** Size of the file in bytes. */
    long size() {
        return in.size();
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
            int n = in.readFully(scratch, 0, size);
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
                return in.size();
            }
            long target = switch (whence & ~AVSEEK_FORCE) {
                case 0 -> offset;
                case 1 -> in.position() + offset;
                case 2 -> in.size() + offset;
                default -> -1;
            };
            if (target < 0) {
                return AVERROR_EIO;
            }
            in.seek(target);
            return target;
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
