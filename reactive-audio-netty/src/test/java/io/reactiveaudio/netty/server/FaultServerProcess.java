package io.reactiveaudio.netty.server;

import io.reactiveaudio.test.BlockHoundSetup;
import java.nio.file.Path;

/**
 * A server in a process of its own, for {@link FaultServerRestartTest} to kill and start again:
 * serves {@link FaultCorpus}'s pipeline in {@code args[0]} as stream {@code train} of
 * {@code args[2]} epochs on port {@code args[1]} (0: any free one), with the test's handshake
 * timeout and BlockHound installed as in the test JVMs, prints {@code listening PORT} once it
 * listens, and serves until the process is killed.
 */
final class FaultServerProcess {

    private FaultServerProcess() {
    }

    public static void main(String[] args) {
        BlockHoundSetup.install();
        AudioServer server = AudioServer.builder()
                .stream("train", BatchSource.of(FaultCorpus.pipeline(Path.of(args[0])), Integer.parseInt(args[2])))
                .port(Integer.parseInt(args[1]))
                .handshakeTimeout(FaultServerRestartTest.HANDSHAKE_TIMEOUT)
                .bindNow();
        System.out.println("listening " + server.port());
        System.out.flush();
        server.onDispose().block();
    }
}
