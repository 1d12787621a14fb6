package io.reactiveaudio.kafka;

import io.reactiveaudio.live.LiveFormat;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The record format of live audio in Kafka: one record per chunk of one stream. The key is the
 * stream id (UTF-8), so a stream stays in one partition, in order; the value is the chunk's
 * interleaved PCM samples ({@link SampleEncoding}); the headers, each an ASCII string, say how to
 * read it and where it belongs:
 *
 * <table>
 * <caption>headers</caption>
 * <tr><th>header</th><th>value</th></tr>
 * <tr><td>{@value #RATE}</td><td>sample rate in Hz, e.g. {@code 16000}</td></tr>
 * <tr><td>{@value #CHANNELS}</td><td>interleaved channels per frame</td></tr>
 * <tr><td>{@value #ENCODING}</td><td>{@code s16le} or {@code f32le}</td></tr>
 * <tr><td>{@value #SEQUENCE}</td><td>the record's number in its stream: 0, 1, 2, ... (duplicates and gaps are found by it)</td></tr>
 * <tr><td>{@value #POSITION}</td><td>stream position of the first frame, in frames</td></tr>
 * <tr><td>{@value #CAPTURE}</td><td>capture time of the first frame, nanoseconds since the Unix epoch</td></tr>
 * </table>
 *
 * <p>The same format is written by the Python client ({@code reactive_audio.kafka_record}) and
 * documented in {@code docs/live.md}. Stateless and thread-safe.
 */
public final class AudioRecords {

    /** Header: sample rate in Hz. */
    public static final String RATE = "ra.rate";
    /** Header: channels. */
    public static final String CHANNELS = "ra.channels";
    /** Header: sample encoding, {@code s16le} or {@code f32le}. */
    public static final String ENCODING = "ra.encoding";
    /** Header: sequence number within the stream, from 0. */
    public static final String SEQUENCE = "ra.seq";
    /** Header: stream position of the first frame, in frames. */
    public static final String POSITION = "ra.position";
    /** Header: capture time of the first frame, nanoseconds since the Unix epoch. */
    public static final String CAPTURE = "ra.capture_ns";

    private AudioRecords() {
    }

    /** {@code record} as a producer record for {@code topic}, its samples in {@code encoding}. */
    public static ProducerRecord<byte[], byte[]> encode(String topic, AudioRecord record, SampleEncoding encoding) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(encoding, "encoding");
        Headers headers = new RecordHeaders()
                .add(RATE, ascii(record.format().sampleRate()))
                .add(CHANNELS, ascii(record.format().channels()))
                .add(ENCODING, encoding.headerName().getBytes(StandardCharsets.US_ASCII))
                .add(SEQUENCE, ascii(record.sequence()))
                .add(POSITION, ascii(record.position()))
                .add(CAPTURE, ascii(record.captureUnixNanos()));
        return new ProducerRecord<>(topic, null, record.streamId().getBytes(StandardCharsets.UTF_8),
                encoding.encode(record.samples()), headers);
    }

    /**
     * The audio record {@code record} carries.
     *
     * @throws AudioRecordException naming the topic, partition and offset, if the key, a header or
     *                              the value is missing or malformed
     */
    public static AudioRecord decode(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            throw invalid(record, "no key: the key is the stream id");
        }
        String encodingName = header(record, ENCODING);
        SampleEncoding encoding = SampleEncoding.fromHeader(encodingName);
        if (encoding == null) {
            throw invalid(record, ENCODING + " '" + encodingName + "' is not decoded here: s16le or f32le");
        }
        int rate = (int) number(record, RATE, 1, Integer.MAX_VALUE);
        int channels = (int) number(record, CHANNELS, 1, 1024);
        long sequence = number(record, SEQUENCE, 0, Long.MAX_VALUE);
        long position = number(record, POSITION, 0, Long.MAX_VALUE);
        long capture = number(record, CAPTURE, Long.MIN_VALUE, Long.MAX_VALUE);
        byte[] value = record.value();
        int frameBytes = channels * encoding.bytesPerSample();
        if (value == null || value.length == 0 || value.length % frameBytes != 0) {
            throw invalid(record, "the value, " + (value == null ? "null" : value.length + " bytes")
                    + ", is not whole frames of " + frameBytes + " bytes (at least one)");
        }
        return new AudioRecord(new String(record.key(), StandardCharsets.UTF_8), new LiveFormat(rate, channels),
                sequence, position, capture, encoding.decode(value));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null) {
            throw invalid(record, "header " + name + " missing");
        }
        return new String(header.value(), StandardCharsets.US_ASCII);
    }

    private static long number(ConsumerRecord<byte[], byte[]> record, String name, long min, long max) {
        String text = header(record, name);
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw invalid(record, "header " + name + " is not a decimal integer: '" + text + "'");
        }
        if (value < min || value > max) {
            throw invalid(record, "header " + name + " out of range " + min + ".." + max + ": " + value);
        }
        return value;
    }

    private static AudioRecordException invalid(ConsumerRecord<byte[], byte[]> record, String reason) {
        return new AudioRecordException(record.topic(), record.partition(), record.offset(), reason);
    }

    private static byte[] ascii(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }
}
