package io.reactiveaudio.netty.client;

import io.netty.buffer.ByteBuf;
import io.reactiveaudio.netty.protocol.Welcome;

/** What {@link ClientFrameDecoder} reports, on the connection's event loop. */
interface FrameListener {

    void welcome(Welcome welcome);

    /** A BATCH payload; the listener owns it. */
    void batch(ByteBuf blob);

    void endOfEpoch(long epoch, long batches);

    void endOfStream();

    void error(int code, String message);

    /** The connection broke the protocol or closed; {@code cause} is null for a plain close. */
    void closed(Throwable cause);
}
