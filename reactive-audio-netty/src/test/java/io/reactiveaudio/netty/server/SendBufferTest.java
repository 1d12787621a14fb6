package io.reactiveaudio.netty.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.channel.ChannelOption;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

/** {@link SendBuffer}: a small kernel send buffer for loopback peers, autotuning for the others. */
class SendBufferTest {

    private static final InetSocketAddress LOOPBACK_V4 = new InetSocketAddress("127.0.0.1", 5000);
    private static final InetSocketAddress LOOPBACK_V6 = new InetSocketAddress("::1", 5000);
    private static final InetSocketAddress REMOTE = new InetSocketAddress("10.1.2.3", 5000);

    @Test
    void byDefaultLoopbackPeersGetTheLoopbackSizeAndOthersTheKernelsAutotuning() {
        assertEquals(SendBuffer.LOOPBACK_BYTES, SendBuffer.DEFAULT.bytesFor(LOOPBACK_V4));
        assertEquals(SendBuffer.LOOPBACK_BYTES, SendBuffer.DEFAULT.bytesFor(LOOPBACK_V6));
        assertEquals(0, SendBuffer.DEFAULT.bytesFor(REMOTE));
    }

    @Test
    void aSizeSetByTheUserHoldsForEveryPeerAndZeroLeavesEveryBufferToTheKernel() {
        SendBuffer mebibyte = new SendBuffer(1 << 20);
        assertEquals(1 << 20, mebibyte.bytesFor(LOOPBACK_V4));
        assertEquals(1 << 20, mebibyte.bytesFor(REMOTE));
        assertEquals(0, new SendBuffer(0).bytesFor(LOOPBACK_V4));
        assertThrows(IllegalArgumentException.class, () -> new SendBuffer(-2));
        assertThrows(IllegalArgumentException.class, () -> AudioServer.builder().sendBuffer(-1));
    }

    @Test
    void anAcceptedLoopbackConnectionGetsTheSizeOfItsRule() throws Exception {
        int asDefault = acceptedSendBuffer(SendBuffer.DEFAULT);
        int asLoopbackSize = acceptedSendBuffer(new SendBuffer(SendBuffer.LOOPBACK_BYTES));
        int asKernel = acceptedSendBuffer(new SendBuffer(0));

        assertEquals(asLoopbackSize, asDefault);
        assertNotEquals(asKernel, asDefault);
    }

    /** The SO_SNDBUF of a connection accepted on loopback after {@code rule} was applied to it. */
    private static int acceptedSendBuffer(SendBuffer rule) throws Exception {
        CompletableFuture<Integer> size = new CompletableFuture<>();
        DisposableServer server = TcpServer.create()
                .host(InetAddress.getLoopbackAddress().getHostAddress())
                .port(0)
                .doOnConnection(connection -> {
                    rule.applyTo(connection.channel());
                    size.complete(connection.channel().config().getOption(ChannelOption.SO_SNDBUF));
                })
                .handle((in, out) -> Mono.never())
                .bindNow();
        try {
            Connection client = TcpClient.create().host(server.host()).port(server.port())
                    .connectNow(Duration.ofSeconds(10));
            try {
                return size.get(10, TimeUnit.SECONDS);
            } finally {
                client.disposeNow();
            }
        } finally {
            server.disposeNow();
        }
    }
}
