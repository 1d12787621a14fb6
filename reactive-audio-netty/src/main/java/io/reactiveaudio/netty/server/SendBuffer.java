package io.reactiveaudio.netty.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The kernel send buffer ({@code SO_SNDBUF}) of a connection, in bytes, set when it is accepted.
 *
 * <p>By default a loopback peer (a trainer on the same host) gets {@link #LOOPBACK_BYTES} and any
 * other peer the kernel's autotuning. On loopback the round trip takes microseconds, so a small
 * buffer costs no throughput, and the sending event loop then spends far less of its time in the
 * kernel's delivery to the receiving socket: measured 1.5 to 1.9 times the payload rate of an
 * autotuned buffer (which grows to megabytes) on a 2-core machine (docs/serving.md, "Send
 * buffer"). A remote peer needs a buffer of at least its bandwidth-delay product, which
 * autotuning finds.
 *
 * <p>Immutable and thread-safe.
 *
 * @param bytes the size for every peer, or 0 for the kernel's autotuning, or -1 for the default rule
 */
record SendBuffer(int bytes) {

    /** The send buffer of a loopback peer by default. */
    static final int LOOPBACK_BYTES = AudioServer.LOOPBACK_SEND_BUFFER_BYTES;

    /** Loopback peers get {@link #LOOPBACK_BYTES}, others the kernel's autotuning. */
    static final SendBuffer DEFAULT = new SendBuffer(-1);

    SendBuffer {
        if (bytes < -1) {
            throw new IllegalArgumentException("a send buffer takes 0 (the kernel's autotuning) or more bytes: " + bytes);
        }
    }

    /** The bytes to set for {@code peer}, or 0 to leave the buffer to the kernel. */
    int bytesFor(SocketAddress peer) {
        if (bytes >= 0) {
            return bytes;
        }
        boolean loopback = peer instanceof InetSocketAddress address && address.getAddress() != null
                && address.getAddress().isLoopbackAddress();
        return loopback ? LOOPBACK_BYTES : 0;
    }

    /** Sets the send buffer of {@code channel}, a connected TCP channel, for its remote peer. */
    void applyTo(Channel channel) {
        int size = bytesFor(channel.remoteAddress());
        if (size > 0) {
            channel.config().setOption(ChannelOption.SO_SNDBUF, size);
        }
    }
}
