package io.reactiveaudio.kafka;

import io.reactiveaudio.live.LiveFormat;
import java.util.Objects;

/**
 * One chunk of one live stream as a Kafka record carries it (see {@link AudioRecords} for the
 * format). Immutable by convention (the samples array is not copied).
 *
 * @param streamId         the stream's id, the record's key
 * @param format           sample rate in Hz and channels
 * @param sequence         the record's number within its stream: 0 for the first, one more for each next
 * @param position         stream position of the chunk's first frame, in frames
 * @param captureUnixNanos when the chunk's first frame was captured, nanoseconds since the Unix epoch
 * @param samples          interleaved float32 samples, full scale 1.0, whole frames
 */
public record AudioRecord(String streamId, LiveFormat format, long sequence, long position, long captureUnixNanos,
        float[] samples) {

    /** Checks the values. */
    public AudioRecord {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(samples, "samples");
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be non-negative: " + sequence);
        }
        if (position < 0) {
            throw new IllegalArgumentException("position must be non-negative: " + position);
        }
        if (samples.length == 0 || samples.length % format.channels() != 0) {
            throw new IllegalArgumentException("a record holds whole frames of " + format.channels()
                    + " channels, at least one: " + samples.length + " samples");
        }
    }

    /** Frames in the chunk. */
    public int frames() {
        return samples.length / format.channels();
    }

    /** The stream position just after the chunk, in frames. */
    public long end() {
        return position + frames();
    }
}
