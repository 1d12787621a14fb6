package io.reactiveaudio.netty.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.Layout;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.reactiveaudio.netty.internal.BatchFrame;
import io.reactiveaudio.netty.internal.BatchMetadata;
import io.reactiveaudio.netty.internal.BatchTensors;
import io.reactiveaudio.netty.internal.FrameType;
import io.reactiveaudio.netty.internal.TestBatches;
import io.reactiveaudio.netty.protocol.Handshake;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * A shared stream deals each batch to exactly one member. A batch is a member's once its BATCH
 * frame is completely written to the member's socket (at most once: it is never dealt again);
 * every batch not completely written when its member leaves goes to the next member with credit.
 */
class SharedStreamServingTest {

    private static final int MAX_CREDIT = 3;
    private static final int BATCHES = 24;
    private static final int ITEMS = 4;

    private final AtomicInteger made = new AtomicInteger();
    private BufferPool pool;
    private AudioServer server;

    @AfterEach
    void stop() {
        server.dispose();
    }

    /** A shared stream of one epoch of {@code BATCHES} batches of {@code frames}-frame items. */
    private void serve(int frames) {
        serve(frames, BATCHES, 1);
    }

    /** A shared stream of {@code epochs} epochs of {@code batches} batches of {@code frames}-frame items. */
    private void serve(int frames, int batches, int epochs) {
        pool = new BufferPool(ITEMS * frames * 4, 16);
        server = AudioServer.builder()
                .sharedStream("pool", 5, request -> request.epoch() >= epochs ? Flux.empty()
                        : TestBatches.of(pool, batches, ITEMS, frames, 1, Layout.BTC)
                        .doOnNext(b -> made.incrementAndGet()))
                .maxCredit(MAX_CREDIT)
                .sendBuffer(16 * 1024)
                .metricsPort(0)
                .bindNow();
    }

    @Test
    void theBatchesOfAMemberKilledMidStreamGoToTheOtherAndTheirUnionIsTheStreamWithoutRepeats() throws Exception {
        serve(16_000);
        Member killed = Member.join(server, 4096);
        Member other = Member.join(server, 4096);
        for (int round = 0; round < 2; round++) {
            killed.readBatch();
            killed.client.credit(1);
            other.readBatch();
            other.client.credit(1);
        }
        // both have their credit back: the pipeline made a batch for every credit, and the killed
        // member's three are dealt to it but not written (256 KiB each, the socket buffers a few KiB)
        Awaits.until(() -> made.get() == 4 * MAX_CREDIT - 2, "a batch made for every credit");
        Thread.sleep(100); // the last one made is dealt on the thread that made it, right after
        killed.client.kill();

        other.readToTheEnd(BATCHES);
        other.client.close();
        assertTheUnionIsTheStream(killed, other);
        Awaits.until(() -> pool.inUse() == 0, "every batch back in the pool");
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("reactive_audio_batches_redealt_total{stream=\"pool\"} 3.0"),
                "the killed member's three batches counted as dealt again: " + metrics);
    }

    @Test
    void theLastBatchesOfAnEpochLeftUnwrittenByAMemberReachTheOtherBeforeThatEpochsEnd() throws Exception {
        serve(16_000, 2 * MAX_CREDIT, 2);
        Member killed = Member.join(server, 4096);
        Member other = Member.join(server, 4096);
        // six credits, six batches: the whole of epoch 0 is dealt, three of it to the member killed
        Awaits.until(() -> made.get() == 2 * MAX_CREDIT, "epoch 0 made");
        killed.client.kill();

        for (long epoch = 0; epoch < 2; epoch++) {
            RawClient.Frame frame;
            int batches = 0;
            while ((frame = other.client.read()).type() == FrameType.BATCH.code()) {
                assertEquals(String.valueOf(epoch), frame.metadata().get("epoch"), "a batch of epoch " + epoch);
                other.record(frame);
                batches++;
                other.client.credit(1);
            }
            assertEquals(FrameType.END_OF_EPOCH.code(), frame.type());
            assertEquals(epoch, frame.le().getLong(0));
            assertEquals(2 * MAX_CREDIT, batches, "every batch of epoch " + epoch + " before its end");
            assertEquals(batches, frame.le().getLong(8));
        }
        assertEquals(FrameType.END_OF_STREAM.code(), other.client.read().type());
        other.client.close();
        Awaits.until(() -> pool.inUse() == 0, "every batch back in the pool");
    }

    @Test
    void batchesWrittenToAMemberThatLeavesAreItsAloneAndNotDealtAgain() throws Exception {
        serve(100);
        Member leaving = Member.join(server, 1 << 20);
        Awaits.until(() -> made.get() == MAX_CREDIT, "the leaving member's batches made");
        int frame = frameBytes(100);
        Awaits.until(() -> available(leaving) == MAX_CREDIT * frame, "its batches written to its socket");
        leaving.client.shutdownOutput();
        Member other = Member.join(server, 4096);

        other.readToTheEnd(BATCHES);
        for (int i = 0; i < MAX_CREDIT; i++) {
            leaving.readBatch();
        }
        assertTrue(leaving.client.closedByServer(), "the server closed the member that left");
        leaving.client.close();
        other.client.close();
        assertTheUnionIsTheStream(leaving, other);
    }

    /** The bytes of the BATCH frame of batch 1 of the stream, header included. */
    private static int frameBytes(int frames) {
        BatchTensors tensors = BatchTensors.of(TestBatches.one(new BufferPool(ITEMS * frames * 4, 1), ITEMS, frames, 1,
                Layout.BTC));
        ByteBuf frame = BatchFrame.of(ByteBufAllocator.DEFAULT, tensors,
                BatchMetadata.of("pool", tensors, 0, 1, false));
        try {
            return frame.readableBytes();
        } finally {
            frame.release();
        }
    }

    private static int available(Member member) {
        try {
            return member.client.available();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertTheUnionIsTheStream(Member... members) {
        List<Long> numbers = new ArrayList<>();
        List<Long> indices = new ArrayList<>();
        for (Member member : members) {
            numbers.addAll(member.numbers);
            indices.addAll(member.indices);
        }
        assertEquals(BATCHES, numbers.size(), "batches received by all members: " + numbers);
        assertEquals(LongStream.rangeClosed(1, BATCHES).boxed().toList(), new ArrayList<>(new TreeSet<>(numbers)),
                "each batch of the stream once");
        assertEquals(LongStream.range(100, 100 + BATCHES * ITEMS).boxed().toList(),
                new ArrayList<>(new TreeSet<>(indices)), "each item once");
        assertEquals(BATCHES * ITEMS, indices.size());
    }

    /** A raw client of the shared stream and the batches it read. */
    private static final class Member {

        final RawClient client;
        final List<Long> numbers = new ArrayList<>();
        final List<Long> indices = new ArrayList<>();
        private Member(RawClient client) {
            this.client = client;
        }

        /** Joins with a socket receive buffer of {@code receiveBuffer} bytes and grants {@code MAX_CREDIT}. */
        static Member join(AudioServer server, int receiveBuffer) throws IOException {
            RawClient client = RawClient.withReceiveBuffer(server.port(), receiveBuffer);
            client.send(new Handshake("pool", 0, 1, 0, 0, 0, null, null));
            RawClient.Frame welcome = client.read();
            assertEquals(FrameType.WELCOME.code(), welcome.type());
            assertEquals(1, welcome.le().get(6), "the shared flag");
            client.credit(MAX_CREDIT);
            return new Member(client);
        }

        void readBatch() throws IOException {
            RawClient.Frame frame = client.read();
            assertEquals(FrameType.BATCH.code(), frame.type());
            record(frame);
        }

        /** Reads until END_OF_STREAM, granting one credit back per batch while the stream may have more. */
        void readToTheEnd(int batches) throws IOException {
            RawClient.Frame frame;
            while ((frame = client.read()).type() == FrameType.BATCH.code()) {
                record(frame);
                client.credit(1);
            }
            assertEquals(FrameType.END_OF_EPOCH.code(), frame.type());
            assertEquals(numbers.size(), frame.le().getLong(8), "END_OF_EPOCH counts this member's batches");
            assertEquals(FrameType.END_OF_STREAM.code(), client.read().type());
            assertTrue(numbers.size() <= batches);
        }

        void record(RawClient.Frame frame) {
            numbers.add(Long.parseLong(frame.metadata().get("batch")));
            for (long index : frame.indices()) {
                indices.add(index);
            }
        }
    }
}
