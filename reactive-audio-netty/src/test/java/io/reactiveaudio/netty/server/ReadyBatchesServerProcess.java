package io.reactiveaudio.netty.server;

import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.test.BlockHoundSetup;

/**
 * A server of {@link ReadyBatches} in a process of its own, so that a test can read its resident
 * memory: stream {@code bench} of batches of {@code args[1]} items × {@code args[2]} mono frames,
 * {@code max_credit} {@code args[3]}, room for {@code args[4]} connections, a pool of up to
 * {@code args[5]} buffers, on port {@code args[0]} (0: any free one). BlockHound is installed as in
 * the test JVMs. Prints {@code listening PORT} once it listens and serves until the process is killed.
 */
final class ReadyBatchesServerProcess {

    private ReadyBatchesServerProcess() {
    }

    public static void main(String[] args) {
        BlockHoundSetup.install();
        int items = Integer.parseInt(args[1]);
        int frames = Integer.parseInt(args[2]);
        BufferPool pool = new BufferPool(items * frames * Float.BYTES, Integer.parseInt(args[5]));
        AudioServer server = AudioServer.builder()
                .stream("bench", ReadyBatches.of(pool, items, frames))
                .port(Integer.parseInt(args[0]))
                .maxCredit(Integer.parseInt(args[3]))
                .maxConnections(Integer.parseInt(args[4]))
                .bindNow();
        System.out.println("listening " + server.port());
        System.out.flush();
        server.onDispose().block();
    }
}
