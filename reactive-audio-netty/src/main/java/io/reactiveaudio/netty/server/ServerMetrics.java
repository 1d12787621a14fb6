package io.reactiveaudio.netty.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The server's meters: per stream the batches made, the items of those batches that are
 * padding (a rank's repeats that fill its last batch of an epoch), the batches held (made, not yet
 * written to a socket: the server's share of the pools) and, for a shared stream, the batches dealt
 * again; per connection the batches and bytes written to its socket and the credit outstanding
 * (granted, not yet written); the connections open. Meter names start with {@code reactive_audio_}
 * in Prometheus form. Thread-safe.
 */
final class ServerMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> held = new ConcurrentHashMap<>();

    private ServerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Meters in {@code registry}, with a gauge of {@code connections}. */
    static ServerMetrics of(MeterRegistry registry, Supplier<Number> connections) {
        Gauge.builder("reactive.audio.connections", connections).description("Connections being served")
                .register(registry);
        return new ServerMetrics(registry);
    }

    /** Meters that record nothing. */
    static ServerMetrics none() {
        return new ServerMetrics(new CompositeMeterRegistry());
    }

    /**
     * {@code source} counting the batches it makes and their padding items, and holding the batches
     * in the stream's gauge until released.
     */
    TensorSource tracking(String stream, TensorSource source) {
        Counter made = Counter.builder("reactive.audio.batches.made").tag("stream", stream)
                .description("Batches made by the stream's pipelines").register(registry);
        Counter padding = Counter.builder("reactive.audio.items.padding").tag("stream", stream)
                .description("Items of the batches made that repeat an item to fill a rank's last batch of an epoch")
                .register(registry);
        AtomicLong inFlight = held.computeIfAbsent(stream, name -> registry.gauge("reactive.audio.batches.held",
                List.of(io.micrometer.core.instrument.Tag.of("stream", name)), new AtomicLong()));
        return request -> source.open(request).map(tensors -> {
            made.increment();
            padding.increment(tensors.padding());
            inFlight.incrementAndGet();
            return tensors.onRelease(inFlight::decrementAndGet);
        });
    }

    /**
     * Counts, per shared stream, the batches dealt to the next member because the member they were
     * dealt to left before they were completely written.
     */
    Runnable redealt(String stream) {
        Counter counter = Counter.builder("reactive.audio.batches.redealt").tag("stream", stream)
                .description("Shared-stream batches dealt again after their member left before they were written")
                .register(registry);
        return counter::increment;
    }

    /** The meters of one connection; {@link Connection#close()} removes them. */
    Connection connection(String stream, String client, LongSupplier creditOutstanding) {
        return new Connection(stream, client, creditOutstanding);
    }

    /** One connection's meters. */
    final class Connection implements AutoCloseable {

        private final Counter batches;
        private final Counter bytes;
        private final Gauge credit;

        private Connection(String stream, String client, LongSupplier creditOutstanding) {
            batches = Counter.builder("reactive.audio.batches.sent").tags("stream", stream, "client", client)
                    .description("BATCH frames completely written to the socket").register(registry);
            bytes = Counter.builder("reactive.audio.sent").tags("stream", stream, "client", client)
                    .baseUnit("bytes").description("Bytes of the BATCH frames completely written to the socket")
                    .register(registry);
            credit = Gauge.builder("reactive.audio.credit.outstanding", creditOutstanding::getAsLong)
                    .tags("stream", stream, "client", client)
                    .description("Batches granted and not yet completely written to the socket")
                    .register(registry);
        }

        /** A BATCH frame of {@code frameBytes} bytes was completely written to the socket. */
        void sent(long frameBytes) {
            batches.increment();
            bytes.increment(frameBytes);
        }

        @Override
        public void close() {
            for (Meter meter : List.<Meter>of(batches, bytes, credit)) {
                registry.remove(meter);
            }
        }
    }
}
