package io.reactiveaudio.netty.server;

import io.reactiveaudio.netty.internal.FrameType;
import io.reactiveaudio.netty.protocol.Handshake;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A trainer of a static stream written from docs/protocol.md §10 alone, on raw sockets: it keeps
 * the position of the last frame it received completely (the checkpoint of its last BATCH, or
 * the epoch after its last END_OF_EPOCH) and, after a lost connection, reconnects from there.
 * It can be killed after any number of received bytes, in the middle of a frame or of the
 * handshake, to test that the batches it consumed over all its connections are those of one
 * uninterrupted connection. Grants {@code max_credit} after WELCOME, then one credit back per
 * batch. Used by one thread.
 */
final class ResumingClient {

    /** Where in the connection's bytes a kill fell. */
    enum Cut {
        /** Before WELCOME was received completely. */
        BEFORE_WELCOME,
        /** Within the 8-byte header of a frame after WELCOME. */
        IN_A_HEADER,
        /** After a BATCH frame's header, before the end of its payload. */
        IN_A_BATCH,
        /** After another frame's header (END_OF_EPOCH), before the end of its payload. */
        IN_A_MARKER,
        /** Right after a complete frame. */
        BETWEEN_FRAMES
    }

    private final int port;
    private final String stream;
    private final int rank;
    private final int worldSize;
    private final long seed;
    private final List<BatchId> consumed = new ArrayList<>();
    private long epoch;
    private long epochsLeft;
    private byte[] resume;
    private boolean done;
    private int connections;
    /** Bytes received on the current or last connection. */
    private long received;
    /** Complete frames received on the current or last connection, WELCOME included. */
    private long framesRead;

    /** A client of {@code epochs} epochs (at least 1) of {@code stream} from epoch 0. */
    ResumingClient(int port, String stream, int rank, int worldSize, long seed, long epochs) {
        this.port = port;
        this.stream = stream;
        this.rank = rank;
        this.worldSize = worldSize;
        this.seed = seed;
        this.epochsLeft = epochs;
    }

    /** The batches received completely, over every connection, in order. */
    List<BatchId> consumed() {
        return consumed;
    }

    /** Whether the stream has been received to its end. */
    boolean done() {
        return done;
    }

    /** How many connections it has opened. */
    int connections() {
        return connections;
    }

    /**
     * Connects from the position reached and reads until the stream ends, or until it has
     * received {@code frames} complete frames (WELCOME counts) and {@code bytes} more bytes on
     * this connection, then closes the socket at once: with a TCP reset if {@code reset}, else
     * with a FIN.
     *
     * @return where the kill fell, or null if the stream ended first
     */
    Cut connect(long frames, long bytes, boolean reset) throws IOException {
        if (done) {
            throw new IllegalStateException("the stream was already received to its end");
        }
        connections++;
        RawClient client = new RawClient(port);
        received = 0;
        try {
            client.send(new Handshake(stream, rank, worldSize, seed, epoch, epochsLeft, resume, null));
            framesRead = 0;
            long killAt = frames == 0 ? bytes : Long.MAX_VALUE;
            while (true) {
                long budget = killAt - received;
                if (budget < 8) {
                    client.readBytes((int) budget);
                    return framesRead == 0 ? Cut.BEFORE_WELCOME : budget == 0 ? Cut.BETWEEN_FRAMES : Cut.IN_A_HEADER;
                }
                byte[] header = client.readBytes(8);
                ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
                long length = h.getInt(0) & 0xFFFF_FFFFL;
                int type = h.get(4) & 0xFF;
                received += 8;
                if (budget - 8 < length) {
                    client.readBytes((int) (budget - 8));
                    return framesRead == 0 ? Cut.BEFORE_WELCOME
                            : type == FrameType.BATCH.code() ? Cut.IN_A_BATCH : Cut.IN_A_MARKER;
                }
                byte[] payload = client.readBytes((int) length);
                received += length;
                if (++framesRead == frames) {
                    killAt = received + bytes;
                }
                ByteBuffer p = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
                if (type == FrameType.WELCOME.code()) {
                    client.credit(p.getInt(2));
                } else if (type == FrameType.BATCH.code()) {
                    batch(payload);
                    if (epochsLeft == 0) {
                        done = true;
                        return null;
                    }
                    client.credit(1);
                } else if (type == FrameType.END_OF_EPOCH.code()) {
                    endOfEpoch(p.getLong(0));
                    if (epochsLeft == 0) {
                        done = true;
                        return null;
                    }
                } else if (type == FrameType.END_OF_STREAM.code()) {
                    done = true;
                    return null;
                } else {
                    throw new IOException("unexpected frame type " + type + (type == FrameType.ERROR.code()
                            ? ": " + new RawClient.Frame(type, payload).errorMessage() : ""));
                }
            }
        } finally {
            if (reset) {
                client.kill();
            } else {
                client.close();
            }
        }
    }

    /**
     * Connects and reads the rest of the stream on one connection, never killed; returns the
     * complete frames it received, WELCOME included.
     */
    long uninterrupted() throws IOException {
        connect(-1, 0, false);
        if (!done) {
            throw new IllegalStateException("the stream did not end");
        }
        return framesRead;
    }

    /** Reconnects until the stream ends, never killed. */
    void toTheEnd() throws IOException {
        while (!done) {
            connect(-1, 0, false);
        }
    }

    private void batch(byte[] payload) {
        BatchId id = BatchId.of(payload);
        consumed.add(id);
        if (!id.checkpoint().isEmpty()) {
            epoch = id.epoch();
            resume = Base64.getDecoder().decode(id.checkpoint());
        } else if (id.epoch() >= epoch) {
            // an epoch's last, partial batch: the next connection starts with the next epoch
            endOfEpoch(id.epoch());
        }
    }

    private void endOfEpoch(long ended) {
        if (ended >= epoch) {
            epoch = ended + 1;
            resume = null;
            epochsLeft--;
        }
    }
}
