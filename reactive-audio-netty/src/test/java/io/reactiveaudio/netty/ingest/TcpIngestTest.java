package io.reactiveaudio.netty.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.live.LiveChunk;
import io.reactiveaudio.live.LiveFormat;
import io.reactiveaudio.live.LiveStats;
import io.reactiveaudio.live.Overflow;
import io.reactiveaudio.live.PushSource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.LoopResources;

class TcpIngestTest {

    private static final LiveFormat STEREO = new LiveFormat(16_000, 2);

    /** Sample {@code i} of the test stream: a 16-bit ramp. */
    private static short sample(long i) {
        return (short) (i % 65_536 - 32_768);
    }

    /** Writes {@code samples} ramp samples as s16le in writes of odd sizes (frames split across writes). */
    private static CompletableFuture<Void> send(int port, long samples, AtomicLong written) {
        return CompletableFuture.runAsync(() -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSendBufferSize(16 * 1024);
                socket.setTcpNoDelay(true);
                OutputStream out = socket.getOutputStream();
                ByteBuffer bytes = ByteBuffer.allocate(3_001 * 2).order(ByteOrder.LITTLE_ENDIAN);
                for (long i = 0; i < samples; ) {
                    bytes.clear();
                    while (bytes.remaining() >= 2 && i < samples) {
                        bytes.putShort(sample(i++));
                    }
                    int odd = bytes.position() > 1 ? bytes.position() - 1 : bytes.position();
                    out.write(bytes.array(), 0, odd);
                    out.write(bytes.array(), odd, bytes.position() - odd);
                    written.addAndGet(bytes.position());
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, Schedulers.boundedElastic()::schedule);
    }

    /** Checks a chunk against the ramp and returns the samples it holds. */
    private static long check(LiveChunk chunk) {
        int n = chunk.frames() * 2;
        for (int i = 0; i < n; i++) {
            long index = chunk.position() * 2 + i;
            if (sample(index) / 32768f != chunk.samples()[i]) {
                assertEquals(sample(index) / 32768f, chunk.samples()[i], "sample " + index);
            }
        }
        return n;
    }

    @Test
    void blockStopsReadingSoTheSenderWaitsAndNothingIsLost() throws Exception {
        long total = 16_000L * 2 * 120;
        try (TcpIngest.IngestServer server = TcpIngest.on("127.0.0.1", 0, STEREO, PcmEncoding.S16LE)
                .sources(f -> PushSource.builder(f).capacityFrames(8_000).overflow(Overflow.BLOCK))
                .receiveBufferBytes(256 * 1024)
                .bind()) {
            AtomicLong written = new AtomicLong();
            CompletableFuture<Void> sender = send(server.port(), total, written);
            PushSource source = server.streams().blockFirst(Duration.ofSeconds(10)).source();
            AtomicLong received = new AtomicLong();
            BaseSubscriber<LiveChunk> consumer = new BaseSubscriber<>() {
                @Override
                protected void hookOnSubscribe(org.reactivestreams.Subscription s) {
                    s.request(1);
                }

                @Override
                protected void hookOnNext(LiveChunk chunk) {
                    received.addAndGet(check(chunk));
                }
            };
            source.flux().subscribe(consumer);

            Thread.sleep(1_000);
            long stalled = written.get();
            Thread.sleep(300);
            assertFalse(sender.isDone(), "the sender waits for the consumer");
            assertEquals(stalled, written.get(), "no byte written while the consumer takes nothing");
            assertTrue(stalled < total * 2 / 4, "stalled after " + stalled + " of " + total * 2 + " bytes");

            consumer.request(Long.MAX_VALUE);
            sender.get(30, TimeUnit.SECONDS);
            for (int i = 0; i < 200 && received.get() < total; i++) {
                Thread.sleep(25);
            }
            assertEquals(total, received.get());
            LiveStats.Counts counts = source.stats().snapshot();
            assertEquals(0, counts.lostFrames());
            assertEquals(0, counts.gaps());
            assertTrue(counts.maxBufferedFrames() <= 8_000);
        }
    }

    @Test
    void dropOldestKeepsReadingAndCountsExactlyWhatItDropped() throws Exception {
        long total = 16_000L * 2 * 10;
        try (TcpIngest.IngestServer server = TcpIngest.on("127.0.0.1", 0, STEREO, PcmEncoding.S16LE)
                .sources(f -> PushSource.builder(f).capacityFrames(4_000).overflow(Overflow.DROP_OLDEST))
                .bind()) {
            AtomicLong written = new AtomicLong();
            CompletableFuture<Void> sender = send(server.port(), total, written);
            PushSource source = server.streams().blockFirst(Duration.ofSeconds(10)).source();

            sender.get(30, TimeUnit.SECONDS);
            Thread.sleep(200);
            long received = source.flux().take(Duration.ofMillis(500)).map(TcpIngestTest::check)
                    .reduce(0L, Long::sum).block(Duration.ofSeconds(10));

            LiveStats.Counts counts = source.stats().snapshot();
            assertTrue(counts.droppedFrames() > 0);
            assertEquals(total / 2, counts.receivedFrames());
            assertEquals(counts.receivedFrames(), received / 2 + counts.droppedFrames());
            assertTrue(counts.maxBufferedFrames() <= 4_000);
        }
    }

    @Test
    void bytesThatMakeNoWholeFrameAreCountedAsIgnoredForTheirStream() throws Exception {
        try (TcpIngest.IngestServer server = TcpIngest.on("127.0.0.1", 0, STEREO, PcmEncoding.S16LE).bind()) {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.getOutputStream().write(new byte[1_000 * 4 + 3]);
            }
            PushSource source = server.streams().blockFirst(Duration.ofSeconds(10)).source();

            long frames = source.flux().map(LiveChunk::frames).reduce(0, Integer::sum).block(Duration.ofSeconds(10));

            LiveStats.Counts counts = source.stats().snapshot();
            assertEquals(1_000, frames);
            assertEquals(1_000, counts.receivedFrames());
            assertEquals(3, counts.ignoredBytes(), "the three bytes of a frame cut short by the connection's end");
        }
    }

    @Test
    void streamsNobodyTookAreBoundedByTheConnectionCap() throws Exception {
        try (TcpIngest.IngestServer server = TcpIngest.on("127.0.0.1", 0, STEREO, PcmEncoding.S16LE)
                .maxConnections(1).bind()) {
            send(server.port(), 3_200, new AtomicLong()).get(10, TimeUnit.SECONDS);
            Thread.sleep(200);

            try (Socket second = new Socket("127.0.0.1", server.port())) {
                second.setSoTimeout(5_000);
                assertEquals(-1, second.getInputStream().read(), "refused: one stream already waits");
            }
            assertEquals(1, server.streams().take(1).collectList().block(Duration.ofSeconds(5)).size());
        }
    }

    @Test
    void eachConnectionIsItsOwnStream() throws Exception {
        try (TcpIngest.IngestServer server = TcpIngest.on("127.0.0.1", 0, STEREO, PcmEncoding.S16LE).bind()) {
            AtomicLong written = new AtomicLong();
            send(server.port(), 3_200, written).get(10, TimeUnit.SECONDS);
            send(server.port(), 6_400, written).get(10, TimeUnit.SECONDS);

            var frames = server.streams().take(2)
                    .flatMap(s -> s.source().flux().map(TcpIngestTest::check).reduce(0L, Long::sum))
                    .collectList().block(Duration.ofSeconds(10));

            assertEquals(2, frames.size());
            assertEquals(9_600, frames.stream().mapToLong(Long::longValue).sum());
        }
    }

    @Test
    void itReadsOnTheEventLoopsItIsGiven() throws Exception {
        LoopResources loops = LoopResources.create("ingest-test", 1, true);
        try (TcpIngest.IngestServer server = TcpIngest.on("127.0.0.1", 0, STEREO, PcmEncoding.S16LE).runOn(loops)
                .bind()) {
            CompletableFuture<List<String>> threads = server.streams().next()
                    .flatMapMany(s -> s.source().flux())
                    .map(chunk -> Thread.currentThread().getName())
                    .distinct().collectList().toFuture();

            send(server.port(), 3_200, new AtomicLong()).get(10, TimeUnit.SECONDS);

            List<String> names = threads.get(10, TimeUnit.SECONDS);
            assertFalse(names.isEmpty());
            assertTrue(names.stream().allMatch(n -> n.startsWith("ingest-test")), names.toString());
        } finally {
            loops.disposeLater().block(Duration.ofSeconds(10));
        }
    }
}
