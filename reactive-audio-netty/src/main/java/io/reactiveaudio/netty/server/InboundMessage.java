package io.reactiveaudio.netty.server;

import io.reactiveaudio.netty.protocol.ErrorCode;

/** What {@link ServerFrameDecoder} passes on after the handshake: credits, or the first violation. */
sealed interface InboundMessage {

    /** A CREDIT frame of {@code n} batches, 1 .. 2^32 - 1. */
    record Credit(long n) implements InboundMessage {
    }

    /** The peer broke the protocol; the decoder reads nothing after it. */
    record Violation(ErrorCode code, String message) implements InboundMessage {
    }
}
