package io.reactiveaudio.netty.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.checkpoint.Checkpoint;
import io.reactiveaudio.netty.internal.FrameType;
import io.reactiveaudio.netty.protocol.ErrorCode;
import io.reactiveaudio.netty.protocol.Handshake;
import io.reactiveaudio.pipeline.AudioPipeline;
import io.reactiveaudio.source.Sources;
import io.reactiveaudio.test.Signals;
import io.reactiveaudio.test.WavFixtureWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resuming over the wire from a real pipeline's checkpoints: what WELCOME says and when a wrong one is refused. */
class AudioServerResumeTest {

    private static final long SEED = 3;

    @TempDir
    Path corpus;
    private AudioPipeline base;
    private AudioServer server;

    @BeforeEach
    void start() throws Exception {
        for (int i = 0; i < 3; i++) {
            WavFixtureWriter.of(WavFixtureWriter.Encoding.FLOAT32).write(corpus.resolve("f" + i + ".wav"),
                    Signals.noise(i, 16_000, 1, 16_000 + 3_000 * i, 0.5), 1, 16_000);
        }
        base = AudioPipeline.from(Sources.directory(corpus).scan()).frames(4_000).batch(2).dropLast(true);
        server = AudioServer.builder().stream("train", BatchSource.of(base, 2)).bindNow();
    }

    @AfterEach
    void stop() {
        server.dispose();
    }

    @Test
    void resumingFromAnEpochsLastBatchIsWelcomedInThatEpochWhichEndsWithNoBatchBeforeTheNextBegins()
            throws Exception {
        List<Checkpoint> epoch0 = checkpoints(base.seed(SEED).epochs(1));
        int epoch1 = checkpoints(base.seed(SEED).startEpoch(1).epochs(2)).size();
        try (RawClient client = new RawClient(server.port())) {
            client.send(new Handshake("train", 0, 1, SEED, 0, 0, epoch0.get(epoch0.size() - 1).toBytes(), null));
            RawClient.Frame welcome = client.read();
            assertEquals(FrameType.WELCOME.code(), welcome.type());
            assertEquals(0, welcome.le().getLong(7), "WELCOME's epoch is the handshake's");
            client.credit(1);
            RawClient.Frame ended = client.read();
            assertEquals(FrameType.END_OF_EPOCH.code(), ended.type());
            assertEquals(0, ended.le().getLong(0));
            assertEquals(0, ended.le().getLong(8), "no batch of epoch 0 was left");
            for (int i = 0; i < epoch1; i++) {
                RawClient.Frame batch = client.read();
                assertEquals(FrameType.BATCH.code(), batch.type());
                assertEquals("1", batch.metadata().get("epoch"));
                client.credit(1);
            }
            assertEquals(FrameType.END_OF_EPOCH.code(), client.read().type());
            assertEquals(FrameType.END_OF_STREAM.code(), client.read().type());
        }
    }

    @Test
    void aCheckpointOfAnotherConfigurationIsWelcomedAndRefusedAtTheFirstCredit() throws Exception {
        List<Checkpoint> epoch0 = checkpoints(base.seed(SEED).epochs(1));
        try (RawClient client = new RawClient(server.port())) {
            client.send(new Handshake("train", 0, 1, SEED + 1, 0, 0, epoch0.get(0).toBytes(), null));
            assertEquals(FrameType.WELCOME.code(), client.read().type());
            Thread.sleep(500);
            assertEquals(0, client.available(), "nothing after WELCOME before a CREDIT: the pipeline has not started");
            client.credit(1);
            RawClient.Frame error = client.read();
            assertEquals(FrameType.ERROR.code(), error.type());
            assertEquals(ErrorCode.BAD_CHECKPOINT.code(), error.errorCode(), error.errorMessage());
            assertTrue(client.closedByServer());
        }
    }

    /** The checkpoint of every batch of {@code pipeline}, which must all have one; releases the batches. */
    private static List<Checkpoint> checkpoints(AudioPipeline pipeline) {
        List<Checkpoint> all = pipeline.flux().map(batch -> {
            try {
                return batch.checkpoint().orElseThrow();
            } finally {
                batch.release();
            }
        }).collectList().block(Duration.ofSeconds(30));
        assertTrue(all.size() >= 2, "batches in the epoch: " + all.size());
        return all;
    }
}
