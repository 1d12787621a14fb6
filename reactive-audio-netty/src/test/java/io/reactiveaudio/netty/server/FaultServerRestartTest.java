package io.reactiveaudio.netty.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.netty.client.AudioClient;
import io.reactiveaudio.test.BlockHoundSetup;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

/**
 * The server restarted in the middle of an epoch, once stopped ({@link AudioServer#dispose()}:
 * every client gets {@code SHUTTING_DOWN}) and once killed (its process ends with SIGKILL: the
 * clients see their connections reset), and a new one started on the same port: every Java
 * {@link AudioClient} reconnects and resumes from the checkpoint of the last batch it received,
 * and receives exactly the batches of an uninterrupted run, none lost, none repeated. Three
 * clients at once: ranks 0 and 1 of 2 with one seed, rank 0 of 1 with another.
 */
class FaultServerRestartTest {

    private static final int EPOCHS = 2;
    private static final long[][] CLIENTS = {{0, 2, 7}, {1, 2, 7}, {0, 1, 8}};
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /**
     * The servers' handshake timeout: a new JVM answers its first handshakes after 0.5 to 1 s of
     * loading classes, and at a load average of 28 on this 2-core machine once took more than the
     * default 10 s, which a client hears as its own fault ({@code HANDSHAKE_TIMEOUT}, not retried).
     */
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path corpus;
    private static List<List<BatchId>> uninterrupted;
    private static int total;

    @BeforeAll
    static void reference() throws IOException {
        FaultCorpus.write(corpus);
        AudioServer server = AudioServer.builder().stream("train", BatchSource.of(FaultCorpus.pipeline(corpus), EPOCHS))
                .bindNow();
        try {
            uninterrupted = new ArrayList<>();
            for (long[] c : CLIENTS) {
                List<BatchId> ids = new ArrayList<>();
                client(server.port(), c).reconnects(0).build().batches().doOnNext(b -> {
                    ids.add(BatchId.of(b.blob()));
                    b.release();
                }).blockLast(TIMEOUT);
                uninterrupted.add(ids);
                total += ids.size();
            }
        } finally {
            server.dispose();
        }
    }

    @Test
    void afterTheServerIsStoppedAndStartedAgainEveryClientResumesWithNoBatchLostOrRepeated() throws Exception {
        int trials = FaultRuns.count(2, 20);
        Random random = new Random(FaultRuns.seed(6));
        int midStream = 0;
        for (int trial = 0; trial < trials; trial++) {
            AudioServer first = serve(0);
            int port = first.port();
            midStream += restarted(port, 1 + random.nextInt(total - 1), () -> {
                first.dispose();
                sleep(random.nextInt(500));
                return serve(port)::dispose;
            }, "trial " + trial + " (stopped)");
        }
        FaultRuns.report("server-stopped trials=%d clients=%d batches_each_trial=%d clients_mid_stream=%d"
                + " lost=0 repeated=0", trials, CLIENTS.length, total, midStream);
    }

    @Test
    void afterTheServerProcessIsKilledAndStartedAgainEveryClientResumesWithNoBatchLostOrRepeated()
            throws Exception {
        int trials = FaultRuns.count(1, 10);
        Random random = new Random(FaultRuns.seed(66));
        int midStream = 0;
        for (int trial = 0; trial < trials; trial++) {
            ServerProcess first = ServerProcess.start(0);
            int port = first.port;
            midStream += restarted(port, 1 + random.nextInt(total - 1), () -> {
                first.kill();
                return ServerProcess.start(port)::kill;
            }, "trial " + trial + " (killed)");
        }
        FaultRuns.report("server-killed trials=%d clients=%d batches_each_trial=%d clients_mid_stream=%d"
                + " lost=0 repeated=0", trials, CLIENTS.length, total, midStream);
    }

    /** What restarts the server: stops the running one, starts another, and returns what stops that one. */
    private interface Restart {
        Runnable restart() throws Exception;
    }

    /**
     * Runs the clients against the server on {@code port}, restarts it once {@code after} batches
     * have been received by all of them together, and checks what each received.
     *
     * @return how many clients had neither finished nor not started at the restart
     */
    private static int restarted(int port, int after, Restart restart, String trial) throws Exception {
        CountDownLatch due = new CountDownLatch(1);
        AtomicInteger received = new AtomicInteger();
        List<List<BatchId>> got = new ArrayList<>();
        List<CountDownLatch> finished = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Disposable> running = new ArrayList<>();
        for (long[] c : CLIENTS) {
            List<BatchId> ids = new CopyOnWriteArrayList<>();
            CountDownLatch end = new CountDownLatch(1);
            got.add(ids);
            finished.add(end);
            running.add(client(port, c).reconnects(50).backoff(Duration.ofMillis(100)).build().batches()
                    .publishOn(Schedulers.boundedElastic(), 1)
                    .subscribe(b -> {
                        ids.add(BatchId.of(b.blob()));
                        b.release();
                        if (received.incrementAndGet() == after) {
                            due.countDown();
                        }
                        sleep(10); // a trainer's step, so the restart finds the clients in the middle
                    }, e -> {
                        failure.set(e);
                        end.countDown();
                    }, end::countDown));
        }
        Runnable stop = null;
        try {
            assertTrue(due.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS), trial + ": " + after + " batches received");
            int midStream = 0;
            for (int i = 0; i < CLIENTS.length; i++) {
                int n = got.get(i).size();
                midStream += n > 0 && n < uninterrupted.get(i).size() ? 1 : 0;
            }
            stop = restart.restart();
            for (int i = 0; i < CLIENTS.length; i++) {
                assertTrue(finished.get(i).await(TIMEOUT.toSeconds(), TimeUnit.SECONDS), trial + ": client " + i
                        + " finished");
                assertNull(failure.get(), trial + ": a client failed");
                assertEquals(uninterrupted.get(i), got.get(i), trial + ": client " + i);
            }
            return midStream;
        } finally {
            running.forEach(Disposable::dispose);
            if (stop != null) {
                stop.run();
            }
        }
    }

    private static AudioClient.Builder client(int port, long[] c) {
        return AudioClient.builder("127.0.0.1", port).stream("train").shard((int) c[0], (int) c[1]).seed(c[2])
                .epochs(EPOCHS);
    }

    private static AudioServer serve(int port) {
        return AudioServer.builder().stream("train", BatchSource.of(FaultCorpus.pipeline(corpus), EPOCHS)).port(port)
                .handshakeTimeout(HANDSHAKE_TIMEOUT).bindNow();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A {@link FaultServerProcess} this test started, and the port it listens on. */
    private static final class ServerProcess {

        final Process process;
        final int port;

        private ServerProcess(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        /** Starts one on {@code port} (0: any free one) and waits until it listens. */
        static ServerProcess start(int port) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, BlockHoundSetup.JVM_FLAG, "-cp", System.getProperty("java.class.path"),
                    FaultServerProcess.class.getName(), corpus.toString(), String.valueOf(port),
                    String.valueOf(EPOCHS)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("listening ")) {
                process.destroyForcibly();
                throw new IOException("the server process did not start: " + line);
            }
            return new ServerProcess(process, Integer.parseInt(line.substring("listening ".length())));
        }

        /** Kills it with SIGKILL and waits for its end. */
        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
