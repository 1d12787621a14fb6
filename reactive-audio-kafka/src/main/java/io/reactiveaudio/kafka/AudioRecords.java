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
 * <tr><td>{@value #ENCODING}</td><td>{@code s16le}, {@code f32le}, or {@code mp3} (the value is then whole MPEG
 * Layer III frames of the stream, decoded per stream by the ingestion)</td></tr>
 * <tr><td>{@value #SEQUENCE}</td><td>the record's number in its stream: 0, 1, 2, ... (duplicates and gaps are found by it)</td></tr>
 * <tr><td>{@value #POSITION}</td><td>stream position of the first frame, in frames (for {@code mp3}: of the
 * first MPEG frame's audio, 1152 frames per MPEG-1 frame and 576 per MPEG-2 one)</td></tr>
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
    /** Header: sample encoding, {@code s16le}, {@code f32le} or {@code mp3}. */
    public static final String ENCODING = "ra.encoding";
    /** The {@link #ENCODING} of a record whose value is whole MPEG Layer III frames. */
    public static final String MP3 = "mp3";
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
     * A record of stream {@code streamId} for {@code topic} whose value is {@code mpegFrames}, whole
     * MPEG Layer III frames of {@code format} ({@value #ENCODING} {@value #MP3}), the first of them
     * holding the audio from stream position {@code position}.
     */
    public static ProducerRecord<byte[], byte[]> encodeMp3(String topic, String streamId, LiveFormat format,
            long sequence, long position, long captureUnixNanos, byte[] mpegFrames) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(mpegFrames, "mpegFrames");
        Headers headers = new RecordHeaders()
                .add(RATE, ascii(format.sampleRate()))
                .add(CHANNELS, ascii(format.channels()))
                .add(ENCODING, MP3.getBytes(StandardCharsets.US_ASCII))
                .add(SEQUENCE, ascii(sequence))
                .add(POSITION, ascii(position))
                .add(CAPTURE, ascii(captureUnixNanos));
        return new ProducerRecord<>(topic, null, streamId.getBytes(StandardCharsets.UTF_8), mpegFrames, headers);
    }

    /**
     * The audio record {@code record} carries, if its samples are PCM ({@code s16le}, {@code f32le}).
     *
     * @throws AudioRecordException naming the topic, partition and offset, if the key, a header or
     *                              the value is missing or malformed, or the value is MP3 frames (those
     *                              need the stream's previous frames: a {@link KafkaIngestion} decodes them)
     */
    public static AudioRecord decode(ConsumerRecord<byte[], byte[]> record) {
        Head head = head(record);
        SampleEncoding encoding = SampleEncoding.fromHeader(head.encoding());
        if (encoding == null) {
            throw invalid(record, "mp3 frames are decoded per stream, with the frames before them, by a KafkaIngestion");
        }
        byte[] value = record.value();
        int frameBytes = head.format().channels() * encoding.bytesPerSample();
        if (value == null || value.length == 0 || value.length % frameBytes != 0) {
            throw invalid(record, "the value, " + (value == null ? "null" : value.length + " bytes")
                    + ", is not whole frames of " + frameBytes + " bytes (at least one)");
        }
        return new AudioRecord(head.streamId(), head.format(), head.sequence(), head.position(),
                head.captureUnixNanos(), encoding.decode(value));
    }

    /** The key and headers of an audio record, its value not yet read; the encoding is {@code s16le}, {@code f32le} or {@code mp3}. */
    record Head(String streamId, LiveFormat format, String encoding, long sequence, long position,
            long captureUnixNanos) {

        boolean mp3() {
            return MP3.equals(encoding);
        }
    }

    /**
     * The key and headers of {@code record}.
     *
     * @throws AudioRecordException if the key or a header is missing or malformed, or the encoding
     *                              is not one decoded here (Opus, say)
     */
    static Head head(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            throw invalid(record, "no key: the key is the stream id");
        }
        String encoding = header(record, ENCODING);
        if (SampleEncoding.fromHeader(encoding) == null && !MP3.equals(encoding)) {
            throw invalid(record, ENCODING + " '" + encoding + "' is not decoded here: s16le, f32le or mp3"
                    + ("opus".equals(encoding) ? " (Opus is not: send PCM or MP3 frames)" : ""));
        }
        int rate = (int) number(record, RATE, 1, Integer.MAX_VALUE);
        int channels = (int) number(record, CHANNELS, 1, 1024);
        long sequence = number(record, SEQUENCE, 0, Long.MAX_VALUE);
        long position = number(record, POSITION, 0, Long.MAX_VALUE);
        long capture = number(record, CAPTURE, Long.MIN_VALUE, Long.MAX_VALUE);
        return new Head(new String(record.key(), StandardCharsets.UTF_8), new LiveFormat(rate, channels), encoding,
                sequence, position, capture);
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

    static AudioRecordException invalid(ConsumerRecord<byte[], byte[]> record, String reason) {
        return new AudioRecordException(record.topic(), record.partition(), record.offset(), reason);
    }

    private static byte[] ascii(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }
}
