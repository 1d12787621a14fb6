package io.reactiveaudio.netty.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.netty.protocol.ErrorCode;
import io.reactiveaudio.netty.protocol.ProtocolException;
import io.reactiveaudio.netty.server.AudioServer;
import io.reactiveaudio.netty.server.BatchSource;
import io.reactiveaudio.netty.server.FeatureSource;
import io.reactiveaudio.pipeline.AudioPipeline;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class AudioClientLoopbackTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path corpus;
    static AudioPipeline base;
    static AudioServer server;

    @BeforeAll
    static void start() throws IOException {
        TestCorpus.write(corpus, 10);
        base = TestCorpus.pipeline(corpus);
        server = AudioServer.builder()
                .stream("train", BatchSource.of(base, 3))
                .sharedStream("shared", 5, BatchSource.of(base, 2))
                .featureStream("energy", FeatureSource.of(base.features(new FrameEnergy(400, 160)).poolSize(6), 1))
                .token("secret")
                .bindNow();
    }

    @AfterAll
    static void stop() {
        server.dispose();
    }

    @Test
    void theClientReceivesExactlyTheBatchesOfTheLocalPipelineForTheSameSeed() {
        List<Long> local = TestCorpus.local(base.seed(42).epochs(2));

        List<Long> remote = fingerprints(client().seed(42).epochs(2).build().batches());

        assertEquals(local, remote);
        assertNotEquals(local, fingerprints(client().seed(43).epochs(2).build().batches()));
    }

    @Test
    void eachRankReceivesItsShardAndTheStreamEndsAfterTheServedEpochs() {
        for (int rank = 0; rank < 2; rank++) {
            List<Long> local = TestCorpus.local(base.shard(rank, 2).seed(9).epochs(3));
            assertEquals(local, fingerprints(client().shard(rank, 2).seed(9).build().batches()), "rank " + rank);
        }
    }

    @Test
    void eightConcurrentClientsEachGetTheirOwnExactStream() {
        List<List<Long>> expected = IntStream.range(0, 8)
                .mapToObj(i -> TestCorpus.local(base.seed(100 + i).epochs(1))).toList();

        List<List<Long>> received = Flux.range(0, 8)
                .flatMapSequential(i -> client().seed(100 + i).epochs(1).build().batches()
                        .publishOn(Schedulers.boundedElastic(), 2)
                        .map(AudioClientLoopbackTest::fingerprintAndRelease).collectList(), 8)
                .collectList().block(TIMEOUT);

        assertEquals(expected, received);
    }

    @Test
    void afterADroppedConnectionTheClientResumesWithTheNextBatchNoneLostOrRepeated() throws IOException {
        List<Long> local = TestCorpus.local(base.seed(7).epochs(2));
        try (CuttableProxy proxy = new CuttableProxy(server.port())) {
            List<Long> received = new CopyOnWriteArrayList<>();
            AudioClient client = AudioClient.builder("127.0.0.1", proxy.port()).stream("train").token("secret")
                    .seed(7).epochs(2).backoff(Duration.ofMillis(50)).build();
            client.batches()
                    .publishOn(Schedulers.boundedElastic(), 1)
                    .doOnNext(batch -> {
                        received.add(fingerprintAndRelease(batch));
                        if (received.size() == 3 || received.size() == local.size() - 2) {
                            proxy.cut();
                        }
                    })
                    .blockLast(TIMEOUT);

            assertEquals(local, received);
            assertTrue(proxy.accepted() >= 3, "reconnected twice: " + proxy.accepted());
        }
    }

    @Test
    void aHandshakeTheServerTimedOutIsRetriedAndTheStreamIsComplete() throws IOException {
        List<Long> local = TestCorpus.local(base.seed(8).epochs(1));
        AudioServer impatient = AudioServer.builder().stream("train", BatchSource.of(base, 1))
                .handshakeTimeout(Duration.ofMillis(300)).bindNow();
        try (CuttableProxy proxy = new CuttableProxy(impatient.port())) {
            proxy.holdClientBytes(2, Duration.ofMillis(1_000));
            AudioClient client = AudioClient.builder("127.0.0.1", proxy.port()).stream("train")
                    .seed(8).epochs(1).backoff(Duration.ofMillis(20)).build();

            List<Long> received = fingerprints(client.batches());

            assertEquals(local, received);
            assertEquals(3, proxy.accepted(), "two handshakes timed out, the third connection served");
        } finally {
            impatient.dispose();
        }
    }

    @Test
    void sharedStreamClientsGetEachBatchOfTheOnePipelineExactlyOnce() {
        List<Long> local = TestCorpus.local(base.seed(5).epochs(2));

        List<List<Long>> parts = Flux.range(0, 3)
                .flatMap(i -> client().stream("shared").build().batches()
                        .publishOn(Schedulers.boundedElastic(), 1)
                        .map(AudioClientLoopbackTest::fingerprintAndRelease).collectList())
                .collectList().block(TIMEOUT);

        List<Long> all = new ArrayList<>();
        parts.forEach(all::addAll);
        Collections.sort(all);
        List<Long> sortedLocal = new ArrayList<>(local);
        Collections.sort(sortedLocal);
        assertEquals(sortedLocal, all);
        assertEquals(new HashSet<>(local).size(), local.size(), "the local batches differ from one another");
    }

    @Test
    void aFeatureStreamCarriesTheLocalFeaturesAndTheirFrameLengths() {
        List<Long> local = new ArrayList<>();
        base.features(new FrameEnergy(400, 160)).seed(4).epochs(1).featureFlux().doOnNext(batch -> {
            try (batch) {
                local.add(TestCorpus.fingerprint(batch.bytes(), batch.labels(), batch.frameLengths(),
                        batch.sourceIndices()));
            }
        }).blockLast(TIMEOUT);

        List<Long> remote = client().stream("energy").seed(4).build().batches().map(batch -> {
            try (batch) {
                assertEquals("features", batch.kind());
                assertEquals("BINS_FRAMES", batch.layout());
                return TestCorpus.fingerprint(batch.data(), batch.labels(), batch.frameLengths(), batch.indices());
            }
        }).collectList().block(TIMEOUT);

        assertEquals(local, remote);
        assertFalse(local.isEmpty());
    }

    @Test
    void aClientWithoutTheTokenIsRefusedAndDoesNotRetry() {
        AudioClient anonymous = AudioClient.builder("127.0.0.1", server.port()).stream("train").build();

        ProtocolException refused = assertThrows(ProtocolException.class,
                () -> anonymous.batches().blockLast(TIMEOUT));

        assertEquals(ErrorCode.UNAUTHORIZED, refused.code());
    }

    @Test
    void aCheckpointOfAnotherConfigurationIsRefusedBeforeAnyBatch() {
        io.reactiveaudio.checkpoint.Checkpoint otherSeed = base.seed(11).epochs(1).flux().take(1)
                .map(batch -> {
                    try (batch) {
                        return batch.checkpoint().orElseThrow();
                    }
                })
                .blockFirst(TIMEOUT);

        ProtocolException refused = assertThrows(ProtocolException.class,
                () -> client().seed(12).resumeFrom(otherSeed).build().batches().blockLast(TIMEOUT));

        assertEquals(ErrorCode.BAD_CHECKPOINT, refused.code());
    }

    @Test
    void demandBecomesCreditSoABatchArrivesOnlyWhenRequested() {
        Flux<Long> numbers = client().seed(1).build().batches().map(batch -> {
            try (batch) {
                assertFalse(batch.checkpoint().isEmpty());
                return batch.number();
            }
        });

        StepVerifier.create(numbers, 1)
                .expectNext(1L)
                .expectNoEvent(Duration.ofMillis(300))
                .thenRequest(2)
                .expectNext(2L, 3L)
                .thenCancel()
                .verify(TIMEOUT);
    }

    /** A client that does not reconnect, so that a connection lost on loopback fails the test instead of being resumed. */
    private static AudioClient.Builder client() {
        return AudioClient.builder("127.0.0.1", server.port()).stream("train").token("secret").reconnects(0);
    }

    private static List<Long> fingerprints(Flux<ReceivedBatch> batches) {
        return batches.map(AudioClientLoopbackTest::fingerprintAndRelease).collectList().block(TIMEOUT);
    }

    private static long fingerprintAndRelease(ReceivedBatch batch) {
        try (batch) {
            return TestCorpus.fingerprint(batch);
        }
    }
}
