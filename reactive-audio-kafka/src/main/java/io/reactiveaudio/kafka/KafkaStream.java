package io.reactiveaudio.kafka;

import io.reactiveaudio.live.LiveChunk;
import io.reactiveaudio.live.LiveFormat;
import io.reactiveaudio.live.LiveSource;
import io.reactiveaudio.live.LiveStats;
import io.reactiveaudio.live.PushSource;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;

/**
 * One live stream read from Kafka: the records of one key, in one partition, as a
 * {@link LiveSource} of the same {@link LiveChunk}s the TCP and HTTP sources give, so every live
 * operator works on it unchanged. Positions are the records' own ({@link AudioRecords#POSITION}):
 * a stream this consumer starts reading mid-way (assigned after a rebalance, restarted from the
 * committed offset) starts with a gap of its first position, the marker that its state begins there.
 *
 * <p>Its source's buffer and overflow strategy are those {@link KafkaIngest#sources} builds. When
 * the buffer is full under {@link io.reactiveaudio.live.Overflow#BLOCK}, the stream's partition is
 * paused (every stream in that partition waits) and resumed when the subscriber has taken enough;
 * under the drop strategies the consumer reads on and the source drops and counts.
 *
 * <p>Thread-safe. Chunks are handed out on the thread that asked for them or, when they arrive
 * while demand is outstanding, on the consumer's thread: move heavy work off it
 * ({@link io.reactiveaudio.live.LiveFeatures} computes on {@code parallel()}).
 */
public final class KafkaStream {

    private final int number;
    private final String id;
    private final String topic;
    private final int partition;
    private final PushSource push;
    private final AtomicLong handedOutEnd = new AtomicLong();
    private final AtomicLong acknowledgedEnd = new AtomicLong();
    private final LiveSource source = new Source();
    private volatile StreamEnd end;
    /** The last sequence number taken in; only the consumer's thread uses it. */
    long lastSequence = -1;
    /** The sequence number whose gap before it was counted (counted before the push, once); consumer's thread only. */
    long gapCountedAt = -1;
    /** Whether the subscriber cancelled (records are then skipped); only the consumer's thread uses it. */
    boolean cancelled;
    /** The audio of the record at {@link #heldOffset} not yet pushed (the source was full), or null; consumer's thread only. */
    java.util.ArrayDeque<AudioRecord> held;
    /** The offset of the record whose audio is {@link #held}; consumer's thread only. */
    long heldOffset;
    /** The stream position after that record's audio; consumer's thread only. */
    long heldEnd;
    /** The stream's MP3 decoder, made at its first MP3 record; consumer's thread only. */
    StreamMp3Decoder mp3;

    KafkaStream(int number, String id, String topic, int partition, PushSource push) {
        this.number = number;
        this.id = id;
        this.topic = topic;
        this.partition = partition;
        this.push = push;
    }

    /** The order in which this ingestion first saw the stream: 0, 1, 2... (a source index for served batches). */
    public int number() {
        return number;
    }

    /** The stream id: the records' key. */
    public String id() {
        return id;
    }

    /** The topic the stream is read from. */
    public String topic() {
        return topic;
    }

    /** The partition the stream is read from. */
    public int partition() {
        return partition;
    }

    /** The stream's format, from its first record's headers. */
    public LiveFormat format() {
        return push.format();
    }

    /** The stream's live source; subscribe to its {@code flux()} once. */
    public LiveSource source() {
        return source;
    }

    /**
     * Declares that results for the stream's frames before {@code endPosition} (in frames) were
     * delivered, so the records wholly before it may be committed under
     * {@link CommitPoint#ACKNOWLEDGED}. Positions only move forward (a smaller one is ignored).
     * Thread-safe, non-blocking.
     */
    public void acknowledge(long endPosition) {
        acknowledgedEnd.accumulateAndGet(endPosition, Math::max);
    }

    /** Why the stream's source ended, or null while it is open. */
    public StreamEnd end() {
        return end;
    }

    @Override
    public String toString() {
        return "KafkaStream[" + number + " '" + id + "' " + topic + "-" + partition + "]";
    }

    PushSource push() {
        return push;
    }

    /** The stream position before which every frame counts as delivered at {@code point}. */
    long deliveredEnd(CommitPoint point) {
        return point == CommitPoint.HANDED_OUT ? handedOutEnd.get() : acknowledgedEnd.get();
    }

    void ended(StreamEnd why, Throwable error) {
        end = why;
        if (error != null) {
            push.fail(error);
        } else {
            push.complete();
        }
    }

    /** The push source, with the hand-out of each chunk recorded for the commits. */
    private final class Source implements LiveSource {

        @Override
        public LiveFormat format() {
            return push.format();
        }

        @Override
        public Flux<LiveChunk> flux() {
            return push.flux().doOnNext(chunk -> handedOutEnd.accumulateAndGet(chunk.end(), Math::max));
        }

        @Override
        public LiveStats stats() {
            return push.stats();
        }
    }
}
