package io.reactiveaudio.codec.mp3;

import io.reactiveaudio.codec.Id3v2Tag;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;

/**
 * Decodes an endless MP3 stream (an Icecast/HTTP stream, a socket) from byte blocks cut anywhere:
 * {@link #push} takes the next bytes and returns the interleaved float32 samples of every MPEG
 * frame they complete, at full scale 1.0, through JLayer's float path like the file decoder.
 *
 * <p>The stream locks on the version, sample rate and channels of its first Layer III frame; bytes
 * that do not start a frame of that stream (junk, ID3v2 tags, frames of another format) are skipped
 * and counted in {@link #skippedBytes()}. A frame is decoded when the next frame's header has
 * arrived too (JLayer reads a little past each frame), so output lags input by one MPEG frame
 * (26 ms at 44.1 kHz); {@link #finish()} decodes the last one. No encoder delay is trimmed: a live
 * stream has no gapless information. A frame that does not decode (damaged, or referring to bytes
 * sent before the stream was joined) gives a frame of silence, counted in {@link #concealedFrames()},
 * so a damaged frame never ends the stream.
 *
 * <p>Memory is bounded by two MPEG frames plus the block being pushed. Not thread-safe: one stream,
 * pushed from one thread at a time.
 */
public final class Mp3StreamDecoder {

    private static final float[] NONE = new float[0];

    private final String name;
    private final FrameQueue frames = new FrameQueue();
    private byte[] bytes = new byte[8192];
    private int start;
    private int end;
    private long skipped;
    private long toSkip;
    private FrameHeader format;
    private ConcealingDecoder decoder;

    /** A decoder for the stream called {@code name} (a URL or address) in {@link #toString()}. */
    public Mp3StreamDecoder(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Loads JLayer's synthesis tables (by decoding two silent MPEG-1 frames), a resource read from
     * its jar the first time any decoder in the JVM decodes. That read blocks: call this once on a thread that may block before decoding
     * on a non-blocking one (a network event loop). Idempotent and thread-safe.
     */
    public static void loadTables() {
        byte[] silence = new byte[417 * 2];
        for (int at = 0; at < silence.length; at += 417) {
            silence[at] = (byte) 0xFF;
            silence[at + 1] = (byte) 0xFB;
            silence[at + 2] = (byte) 0x90;
            silence[at + 3] = (byte) 0xC0;
        }
        Mp3StreamDecoder decoder = new Mp3StreamDecoder("tables");
        decoder.push(silence, 0, silence.length);
        decoder.finish();
    }

    /** Sample rate of the stream in Hz, or 0 before its first frame. */
    public int sampleRate() {
        return format == null ? 0 : format.sampleRate();
    }

    /** Channels of the stream, or 0 before its first frame. */
    public int channels() {
        return format == null ? 0 : format.channels();
    }

    /** Bytes skipped so far because they did not start a frame of the stream. */
    public long skippedBytes() {
        return skipped;
    }

    /**
     * MPEG frames that did not decode (damaged, or referring to bytes sent before the stream was
     * joined) and were replaced by a frame of silence, so far.
     */
    public long concealedFrames() {
        return decoder == null ? 0 : decoder.concealedFrames();
    }

    /**
     * Takes {@code length} more bytes of the stream and returns the samples of the frames they
     * complete (possibly none), interleaved. A frame that does not decode gives a frame of silence
     * and is counted in {@link #concealedFrames()}.
     */
    public float[] push(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        append(data, offset, length);
        scan();
        return decode(1);
    }

    @Override
    public String toString() {
        return "Mp3StreamDecoder[" + name + "]";
    }

    /** Decodes the frame still held back at the end of the stream. */
    public float[] finish() {
        return decode(0);
    }

    private void append(byte[] data, int offset, int length) {
        if (end + length > bytes.length) {
            int held = end - start;
            if (held + length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, held + length));
            }
            System.arraycopy(bytes, start, bytes, 0, held);
            start = 0;
            end = held;
        }
        System.arraycopy(data, offset, bytes, end, length);
        end += length;
    }

    /** Moves every complete frame from the byte buffer to the frame queue. */
    private void scan() {
        while (end - start >= FrameHeader.BYTES) {
            if (toSkip > 0) {
                int n = (int) Math.min(toSkip, end - start);
                consume(n);
                toSkip -= n;
                skipped += n;
                continue;
            }
            long tag = Id3v2Tag.length(bytes, start, end - start);
            if (tag > 0) {
                toSkip = tag;
                continue;
            }
            int word = ((bytes[start] & 0xFF) << 24) | ((bytes[start + 1] & 0xFF) << 16)
                    | ((bytes[start + 2] & 0xFF) << 8) | (bytes[start + 3] & 0xFF);
            FrameHeader header = FrameHeader.parse(word);
            if (header == null || (format != null && !header.sameStreamAs(format))) {
                consume(1);
                skipped++;
                continue;
            }
            int size = header.frameBytes();
            if (end - start < size) {
                return;
            }
            if (format == null) {
                open(header);
            }
            frames.add(Arrays.copyOfRange(bytes, start, start + size));
            consume(size);
        }
    }

    private void consume(int n) {
        start += n;
    }

    private void open(FrameHeader header) {
        format = header;
        decoder = new ConcealingDecoder(frames, header.channels(), header.samplesPerFrame());
    }

    /** Decodes queued frames while more than {@code lookahead} are queued. */
    private float[] decode(int lookahead) {
        float[] out = NONE;
        while (frames.size() > lookahead && decoder.next()) {
            FloatFrameBuffer output = decoder.buffer();
            int n = output.frames() * format.channels();
            out = Arrays.copyOf(out, out.length + n);
            System.arraycopy(output.samples(), 0, out, out.length - n, n);
        }
        return out;
    }

    /** The frames found so far, read by JLayer's bitstream as one stream of bytes. */
    private static final class FrameQueue extends InputStream {

        private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        private int position;

        void add(byte[] frame) {
            queue.addLast(frame);
        }

        /** Frames not yet read to their end. */
        int size() {
            return queue.size();
        }

        @Override
        public int read() {
            byte[] head = queue.peekFirst();
            if (head == null) {
                return -1;
            }
            int b = head[position++] & 0xFF;
            advance(head);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            byte[] head = queue.peekFirst();
            if (head == null) {
                return -1;
            }
            int n = Math.min(len, head.length - position);
            System.arraycopy(head, position, b, off, n);
            position += n;
            advance(head);
            return n;
        }

        private void advance(byte[] head) {
            if (position == head.length) {
                queue.pollFirst();
                position = 0;
            }
        }
    }
}
