package io.reactiveaudio.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * A running Kafka ingestion ({@link KafkaIngest#start()}): its consumer thread, the streams it
 * found, its counters and the lag of its partitions. See {@link KafkaIngest} for demand, bounds,
 * delivery and rebalancing. Thread-safe.
 */
public final class KafkaIngestion implements Disposable, AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final ConsumerLoop loop;
    private final Thread thread;

    KafkaIngestion(KafkaIngest settings) {
        this.loop = new ConsumerLoop(settings);
        this.thread = new Thread(loop, "reactive-audio-kafka-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The streams, each once, when its first record arrives (again after a partition came back to
     * this consumer). For one subscriber; streams found before it subscribed are kept for it.
     * Emitted on the consumer's thread: subscribe to each stream's source and return. Completes
     * when the ingestion closes, fails when the consumer fails. Cancelling this subscription (as a
     * pipeline of {@code streams().flatMap(...)} does when its subscriber cancels) closes the
     * ingestion without waiting, as {@link #dispose()}: the consumer thread commits only what was
     * delivered (streams cancelled along with it count as far as they were delivered), leaves the
     * group and ends; a paused partition's waiting records stay in Kafka for the next consumer.
     */
    public Flux<KafkaStream> streams() {
        return loop.streams();
    }

    /** Records that are not valid audio records, as they are skipped (each also counted); hot, for any number of subscribers. */
    public Flux<AudioRecordException> rejections() {
        return loop.rejections();
    }

    /** The ingestion's counters. */
    public KafkaIngestStats stats() {
        return loop.stats();
    }

    /** The partitions assigned now, with their committed offset, lag and pause state (refreshed every poll). */
    public List<PartitionLag> partitions() {
        return loop.lags();
    }

    /**
     * Stops the consumer: commits what was delivered, completes every stream's source (what is
     * buffered is still handed out), leaves the group and waits for the thread to end (up to 30 s;
     * called on the consumer's own thread, from a subscriber, it only asks). Blocks: call it from
     * the application's thread, not from a Reactor scheduler.
     */
    @Override
    public void close() {
        loop.close();
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the consumer to stop, without waiting. */
    @Override
    public void dispose() {
        loop.close();
    }

    @Override
    public boolean isDisposed() {
        return !thread.isAlive();
    }
}
