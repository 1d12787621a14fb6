package io.reactiveaudio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.reactiveaudio.netty.server.AudioServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * A {@code serve} command run by a test on a thread of its own: {@link #start} returns once it has
 * bound (or fails naming what it printed), {@link #close} stops it and checks that it exited with 0.
 */
final class RunningServe implements AutoCloseable {

    private final ServeCommand command;
    private final CompletableFuture<Integer> exit;

    private RunningServe(ServeCommand command, CompletableFuture<Integer> exit) {
        this.command = command;
        this.exit = exit;
    }

    /**
     * Runs {@code args} (starting with {@code serve}) on {@code cli} and waits up to {@code timeout}
     * for the server to bind.
     *
     * @param err what the command printed to its error stream, for the failure message
     */
    static RunningServe start(CommandLine cli, List<String> args, Duration timeout, Supplier<String> err)
            throws InterruptedException {
        ServeCommand command = cli.getSubcommands().get("serve").getCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(args.toArray(String[]::new)));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (command.server == null && !exit.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        AudioServer server = command.server;
        assertNotNull(server, () -> "serve did not start: " + err.get());
        return new RunningServe(command, exit);
    }

    /** The port the server is bound to. */
    int port() {
        return command.server.port();
    }

    /** The command, to read what it set up (its cache, say). */
    ServeCommand command() {
        return command;
    }

    /** Disposes the server and checks that the command then returned 0 within 10 s. */
    @Override
    public void close() throws Exception {
        command.server.dispose();
        assertEquals(0, exit.get(10, TimeUnit.SECONDS));
    }
}
