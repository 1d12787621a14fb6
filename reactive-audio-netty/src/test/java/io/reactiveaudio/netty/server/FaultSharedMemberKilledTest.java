package io.reactiveaudio.netty.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.Layout;
import io.reactiveaudio.netty.internal.FrameType;
import io.reactiveaudio.netty.internal.TestBatches;
import io.reactiveaudio.netty.protocol.Handshake;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * A shared-stream member killed in the middle of a BATCH frame loses exactly what
 * docs/protocol.md §9 says: the batches whose frames were completely written to its socket and
 * that it had not read (the server's {@code reactive_audio_batches_sent_total} for it, less the
 * batches it read), and nothing else. Every batch dealt to it and not completely written (the one
 * cut off mid-frame, if the cut found it still being written, and those queued behind it) goes to
 * the other member ({@code reactive_audio_batches_redealt_total} counts them: exactly the batches
 * the server held when the member was killed, while the other member waited with credit), and the
 * batches both members received are the stream's, each once, except exactly the lost ones.
 *
 * <p>Each trial draws the batch size (1.6 KiB to 256 KiB frames, against 4 KiB of receive buffer
 * and 16 KiB of send buffer: from frames that are all written before the cut to frames of which
 * only a part can be), how many batches the member reads before the cut and where in the frame it
 * stops.
 */
class FaultSharedMemberKilledTest {

    private static final int MAX_CREDIT = 3;
    private static final int BATCHES = 60;
    private static final int ITEMS = 4;

    @Test
    void aMemberKilledMidFrameLosesExactlyTheBatchesWrittenToItAndUnreadAndTheRestReachTheOther()
            throws Exception {
        int trials = FaultRuns.count(8, 100);
        Random random = new Random(FaultRuns.seed(2));
        long lostTotal = 0;
        long redealtTotal = 0;
        int trialsWithLoss = 0;
        for (int trial = 0; trial < trials; trial++) {
            int frames = 100 + random.nextInt(16_000);
            Outcome outcome = trial(frames, random.nextInt(MAX_CREDIT + 1), random);
            lostTotal += outcome.lost;
            redealtTotal += outcome.redealt;
            trialsWithLoss += outcome.lost > 0 ? 1 : 0;
        }
        FaultRuns.report("shared-member-killed trials=%d batches=%d lost=%d (in %d trials; each = written - read)"
                + " redealt=%d (each = held at the kill) repeated=0", trials, trials * BATCHES, lostTotal,
                trialsWithLoss, redealtTotal);
    }

    private record Outcome(long lost, long redealt) {
    }

    /**
     * One trial: a member that reads {@code reads} batches, then part of the next frame, and is
     * killed; the other reads the whole stream.
     */
    private static Outcome trial(int frames, int reads, Random random) throws Exception {
        BufferPool pool = new BufferPool(ITEMS * frames * 4, 16);
        AudioServer server = AudioServer.builder()
                .sharedStream("pool", 5, request -> request.epoch() >= 1 ? Flux.empty()
                        : TestBatches.of(pool, BATCHES, ITEMS, frames, 1, Layout.BTC))
                .maxCredit(MAX_CREDIT)
                .sendBuffer(16 * 1024)
                .metricsPort(0)
                .bindNow();
        String trial = "frames " + frames + ", reads " + reads;
        try {
            RawClient killed = join(server);
            RawClient other = join(server);
            List<Long> killedRead = new ArrayList<>();
            AtomicInteger otherCount = new AtomicInteger();
            CompletableFuture<List<Long>> otherRead = CompletableFuture.supplyAsync(() -> readToTheEnd(other,
                    otherCount));
            for (int i = 0; i < reads; i++) {
                RawClient.Frame frame = killed.read();
                assertEquals(FrameType.BATCH.code(), frame.type(), trial);
                killedRead.add(number(frame));
                killed.credit(1);
            }
            cutMidFrame(killed, random);
            String label = "client=\"/127.0.0.1:" + killed.localPort() + "\",stream=\"pool\"";
            long sent = settled(server, label, otherCount);
            // the other member waits with credit: every batch made and not written is one dealt to the killed member
            long unwritten = (long) ServerScrape.value(server, "reactive_audio_batches_held", "stream=\"pool\"");
            killed.kill();

            List<Long> received = new ArrayList<>(otherRead.get(30, TimeUnit.SECONDS));
            other.close();
            received.addAll(killedRead);
            long lost = sent - reads;
            assertTrue(sent + unwritten <= MAX_CREDIT + reads, trial + ": more batches dealt than granted");
            Set<Long> distinct = new HashSet<>(received);
            assertEquals(received.size(), distinct.size(), trial + ": a batch received twice: " + received);
            assertEquals(BATCHES - lost, received.size(), trial + ": " + sent + " batches were written to the killed"
                    + " member, which read " + reads + ", so exactly " + lost + " are lost");
            Set<Long> stream = LongStream.rangeClosed(1, BATCHES).boxed().collect(Collectors.toSet());
            assertTrue(stream.containsAll(distinct), trial + ": " + received);
            assertEquals(unwritten, ServerScrape.value(server, "reactive_audio_batches_redealt_total",
                    "stream=\"pool\""), trial + ": the batches dealt to the killed member and not written to it");
            Awaits.until(() -> pool.inUse() == 0, "every batch back in the pool");
            return new Outcome(lost, unwritten);
        } finally {
            server.dispose();
        }
    }

    /** Joins the shared stream with a 4 KiB receive buffer and grants {@code MAX_CREDIT}. */
    private static RawClient join(AudioServer server) throws IOException {
        RawClient client = RawClient.withReceiveBuffer(server.port(), 4096);
        client.send(new Handshake("pool", 0, 1, 0, 0, 0, null, null));
        assertEquals(FrameType.WELCOME.code(), client.read().type());
        client.credit(MAX_CREDIT);
        return client;
    }

    /** Reads part of the next frame, a BATCH: a few bytes of its header, or the header and part of its payload. */
    private static void cutMidFrame(RawClient client, Random random) throws IOException {
        if (random.nextInt(8) == 0) {
            client.readBytes(1 + random.nextInt(7));
            return;
        }
        ByteBuffer header = ByteBuffer.wrap(client.readBytes(8)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(FrameType.BATCH.code(), header.get(4) & 0xFF, "the frame cut is a BATCH");
        client.readBytes(random.nextInt(header.getInt(0)));
    }

    /**
     * Waits until the batches written to the stalled member (the server's count) and those the other
     * member read have not changed for 900 ms (three looks, 300 ms apart: a loaded machine may pause
     * the server that long), and returns the first.
     */
    private static long settled(AudioServer server, String label, AtomicInteger otherCount)
            throws InterruptedException {
        long sent = -1;
        int other = -1;
        int unchanged = 0;
        while (unchanged < 3) {
            long nowSent = (long) ServerScrape.value(server, "reactive_audio_batches_sent_total", label);
            int nowOther = otherCount.get();
            unchanged = nowSent == sent && nowOther == other ? unchanged + 1 : 0;
            sent = nowSent;
            other = nowOther;
            Thread.sleep(300);
        }
        return sent;
    }

    /** Reads batches until END_OF_STREAM, one credit back per batch; returns their numbers. */
    private static List<Long> readToTheEnd(RawClient client, AtomicInteger count) {
        List<Long> numbers = new ArrayList<>();
        try {
            RawClient.Frame frame;
            while ((frame = client.read()).type() != FrameType.END_OF_STREAM.code()) {
                if (frame.type() == FrameType.BATCH.code()) {
                    numbers.add(number(frame));
                    count.incrementAndGet();
                    client.credit(1);
                } else {
                    assertEquals(FrameType.END_OF_EPOCH.code(), frame.type());
                    assertEquals(numbers.size(), frame.le().getLong(8), "END_OF_EPOCH counts the member's batches");
                }
            }
            return numbers;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long number(RawClient.Frame frame) {
        return Long.parseLong(frame.metadata().get("batch"));
    }
}
