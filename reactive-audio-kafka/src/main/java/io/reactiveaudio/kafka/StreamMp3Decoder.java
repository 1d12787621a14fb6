package io.reactiveaudio.kafka;

import io.reactiveaudio.codec.mp3.Mp3Decoder;
import io.reactiveaudio.codec.mp3.Mp3StreamDecoder;
import io.reactiveaudio.live.LiveFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * The MP3 decoder of one Kafka stream ({@code ra.encoding mp3}): each record's value is whole MPEG
 * Layer III frames, fed in order to the stream's own incremental decoder (the built-in
 * {@link Mp3StreamDecoder}), which returns the PCM of the frames they complete. A frame is decoded
 * once the next one has arrived, so a record's last frame comes out with the next record. A jump in
 * the records' positions (a gap) ends the decoder in progress (its held frame is decoded) and starts
 * a new one there. State of one stream, never shared; used on the consumer's thread only.
 */
final class StreamMp3Decoder {

    private static final int[][] RATES = {{11_025, 12_000, 8_000}, null, {22_050, 24_000, 16_000},
            {44_100, 48_000, 32_000}};

    private final String streamId;
    private final LiveFormat format;
    private Mp3StreamDecoder decoder;
    /** Stream position of the next decoded frame. */
    private long decodedEnd;
    /** Stream position the next record should start at. */
    private long expected = -1;
    private long concealed;

    StreamMp3Decoder(String streamId, LiveFormat format) {
        this.streamId = streamId;
        this.format = format;
    }

    /**
     * Frames of audio (per channel) in {@code value}, which must be whole MPEG Layer III frames of
     * {@code format}; -1 (with {@code reason} filled) if it is not.
     */
    static int pcmFrames(byte[] value, LiveFormat format, StringBuilder reason) {
        int frames = 0;
        int at = 0;
        while (at < value.length) {
            if (value.length - at < 4) {
                reason.append("the value ends within an MPEG frame header at byte ").append(at);
                return -1;
            }
            int word = ((value[at] & 0xFF) << 24) | ((value[at + 1] & 0xFF) << 16) | ((value[at + 2] & 0xFF) << 8)
                    | (value[at + 3] & 0xFF);
            int bytes = Mp3Decoder.frameBytes(word);
            if (bytes <= 0 || at + bytes > value.length) {
                reason.append(bytes <= 0 ? "no MPEG Layer III frame header at byte " + at
                        : "the MPEG frame at byte " + at + " runs past the value's end");
                return -1;
            }
            int version = (word >>> 19) & 3;
            int rate = RATES[version][(word >>> 10) & 3];
            int channels = ((word >>> 6) & 3) == 3 ? 1 : 2;
            if (rate != format.sampleRate() || channels != format.channels()) {
                reason.append("the MPEG frame at byte ").append(at).append(" is ").append(rate).append(" Hz, ")
                        .append(channels).append(" channels, not the stream's ").append(format);
                return -1;
            }
            frames += version == 3 ? 1152 : 576;
            at += bytes;
        }
        if (frames == 0) {
            reason.append("no MPEG frame in the value");
            return -1;
        }
        return frames;
    }

    /**
     * The PCM that {@code value} (the MPEG frames of the record at stream position
     * {@code position}, {@code frames} frames of audio, checked by {@link #pcmFrames}) completes, as
     * chunks at their stream positions: none, one, or after a position jump the previous decoder's
     * held frame and then the new decoder's output.
     */
    List<AudioRecord> decode(long sequence, long position, long captureUnixNanos, byte[] value, int frames) {
        List<AudioRecord> out = new ArrayList<>(2);
        if (decoder == null || position != expected) {
            if (decoder != null) {
                add(out, sequence, captureUnixNanos, decoder.finish());
                concealed += decoder.concealedFrames();
            }
            decoder = new Mp3StreamDecoder(streamId);
            decodedEnd = position;
        }
        expected = position + frames;
        add(out, sequence, captureUnixNanos, decoder.push(value, 0, value.length));
        return out;
    }

    /** MPEG frames replaced by silence because they did not decode (a stream read from mid-way may need earlier ones). */
    long concealedFrames() {
        return concealed + (decoder == null ? 0 : decoder.concealedFrames());
    }

    private void add(List<AudioRecord> out, long sequence, long captureUnixNanos, float[] samples) {
        if (samples.length > 0) {
            AudioRecord chunk = new AudioRecord(streamId, format, sequence, decodedEnd, captureUnixNanos, samples);
            decodedEnd = chunk.end();
            out.add(chunk);
        }
    }
}
