package io.reactiveaudio.codec.mp3;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.DecoderFuzzing;
import io.reactiveaudio.codec.Id3v2Tag;
import io.reactiveaudio.test.Watchdog;

/**
 * Coverage-guided fuzz targets of the MP3 path (docs/reliability.md, "Fuzzing"). The default
 * build runs each on its seeds and saved findings ({@code Mp3FuzzTestInputs/<method>/}); a
 * campaign runs one of them under {@code JAZZER_FUZZ=1}.
 */
class Mp3FuzzTest {

    private static final Mp3Decoder DECODER = new Mp3Decoder();

    static {
        // JLayer reads its synthesis tables from its jar at first use: not the input's allocation.
        Mp3StreamDecoder.loadTables();
    }

    /** The frame scanner, the Xing/LAME and ID3 parsing, JLayer and the concealment, end to end. */
    @FuzzTest
    void decode(byte[] bytes) {
        DecoderFuzzing.decode(DECODER, bytes);
    }

    /**
     * The frame scanner alone: the layout and cut-off walks the FFmpeg backend relies on, and a
     * walk frame by frame that must move forward and stay inside the audio.
     */
    @FuzzTest
    void scan(byte[] bytes) {
        Watchdog.run(bytes.length, () -> {
            try (ByteInput in = DecoderFuzzing.input(bytes)) {
                DECODER.layout(in);
            } catch (AudioDecodeException expected) {
                // no frame, Layer I/II, a cut frame: typed outcomes
            }
            try (ByteInput in = DecoderFuzzing.input(bytes)) {
                DECODER.cutOff(in);
            }
            try (ByteInput in = DecoderFuzzing.input(bytes)) {
                walk(new FrameScanner(in));
            } catch (AudioDecodeException expected) {
                // as above
            }
        });
    }

    /** Xing/Info/LAME tags in a first frame, and ID3v2 headers, read from the bytes as they are. */
    @FuzzTest
    void tags(byte[] bytes) {
        Watchdog.run(bytes.length, () -> {
            long id3 = Id3v2Tag.length(bytes, 0, bytes.length);
            if (id3 != -1 && id3 < Id3v2Tag.HEADER_LENGTH) {
                throw new AssertionError("an ID3v2 tag of " + id3 + " bytes would not move a scan forward");
            }
            try (ByteInput in = DecoderFuzzing.input(bytes)) {
                long after = Id3v2Tag.skipAll(in, 0);
                if (after < 0 || (id3 != -1 && after < id3)) {
                    throw new AssertionError("skipAll ended at " + after + " for a first tag of " + id3 + " bytes");
                }
            }
            FrameHeader header = bytes.length < FrameHeader.BYTES ? null : FrameHeader.parse(word(bytes));
            if (header != null) {
                XingTag tag = XingTag.find(header, bytes, Math.min(bytes.length, header.frameBytes()));
                if (tag != null && (tag.frames() < -1 || tag.bytes() < -1 || tag.encoderDelay() < 0
                        || tag.encoderDelay() > 4095 || tag.padding() < 0 || tag.padding() > 4095)) {
                    throw new AssertionError("impossible tag fields: " + tag);
                }
            }
        });
    }

    /** The live-stream decoder, fed the bytes in blocks of sizes the bytes themselves choose. */
    @FuzzTest
    void liveStream(byte[] bytes) {
        Watchdog.run(bytes.length, () -> {
            Mp3StreamDecoder decoder = new Mp3StreamDecoder("fuzz-input");
            int at = 0;
            while (at < bytes.length) {
                int block = Math.min(bytes.length - at, 1 + (bytes[at] & 0xFF) * 7);
                decoder.push(bytes, at, block);
                at += block;
            }
            decoder.finish();
        });
    }

    private static void walk(FrameScanner scanner) {
        long previous = -1;
        while (scanner.next(false)) {
            long offset = scanner.frameOffset();
            if (offset <= previous || offset + scanner.frameLength() > scanner.audioEnd()) {
                throw new AssertionError("frame at " + offset + " after one at " + previous + ", audio ends at "
                        + scanner.audioEnd());
            }
            previous = offset;
        }
    }

    private static int word(byte[] b) {
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }
}
