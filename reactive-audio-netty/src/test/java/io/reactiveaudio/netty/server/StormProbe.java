package io.reactiveaudio.netty.server;

import io.reactiveaudio.netty.protocol.ErrorCode;
import io.reactiveaudio.netty.protocol.Handshake;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;

/**
 * One connection of a storm of bad peers: the bytes it sends and what docs/protocol.md says it
 * gets for them. Before WELCOME (junk, refused handshakes) it is one ERROR frame with the stated
 * code and then the server's close, or, for a handshake that never completes and whose sender
 * closes its side, the server's close without an ERROR (§3, "A handshake cut short"). After
 * WELCOME (frames a client must not send) it is WELCOME, then the ERROR; the probe then closes,
 * as §8 asks. Some probes only send and reset the connection, unobserved, as a crashed scanner
 * would; they must cost the server nothing that stays.
 *
 * @param kind what sort of bad peer, for the figures
 * @param first the bytes sent on connecting
 * @param halfClose whether the probe then shuts its sending side
 * @param afterWelcome the bytes sent once WELCOME has arrived, or null if none is expected
 * @param code the ERROR code expected, {@link #CLOSED} for a close without one, or
 *     {@link #UNOBSERVED} for a probe that resets at once
 */
record StormProbe(String kind, byte[] first, boolean halfClose, byte[] afterWelcome, int code) {

    /** The server closes without an ERROR frame. */
    static final int CLOSED = -1;
    /** The probe resets the connection right after sending and sees nothing. */
    static final int UNOBSERVED = -2;

    /**
     * How long a probe waits for each read: beyond the server's default handshake timeout (10 s),
     * so that a server waiting for a handshake it should have refused shows as a wrong answer.
     */
    static final int READ_TIMEOUT_MILLIS = 15_000;

    private static final int MAGIC_RAUD = 0x44554152;

    /** A random probe of stream {@code stream} on a server with {@code maxHandshakeBytes} and {@code maxCredit}. */
    static StormProbe random(Random random, String stream, int maxHandshakeBytes, int maxCredit) {
        int pick = random.nextInt(20);
        if (pick < 8) {
            return randomBytes(random, maxHandshakeBytes);
        }
        byte[] valid = RawClient.frame(new Handshake(stream, 0, 1, random.nextLong(), 0, 0, null, null));
        int world = random.nextInt(4);
        byte[] junk = bytes(random, 1 + random.nextInt(64));
        junk[0] = 'X';
        int size = random.nextInt(64);
        return switch (pick) {
            case 8 -> refused("version", withVersion(valid, 2 + random.nextInt(0xFFFE)), random,
                    ErrorCode.UNSUPPORTED_VERSION);
            case 9 -> refused("truncated-fields", truncated(valid, random), random, ErrorCode.MALFORMED_HANDSHAKE);
            case 10 -> refused("extra-bytes", extended(valid, random), random, ErrorCode.MALFORMED_HANDSHAKE);
            case 11 -> refused("unknown-stream", RawClient.frame(new Handshake("no-" + random.nextInt(1_000_000), 0, 1,
                    0, 0, 0, null, null)), random, ErrorCode.UNKNOWN_STREAM);
            case 12 -> refused("bad-shard", RawClient.frame(new Handshake(stream, world + random.nextInt(3), world,
                    0, 0, 0, null, null)), random, ErrorCode.BAD_REQUEST);
            case 13 -> refused("bad-checkpoint", RawClient.frame(new Handshake(stream, 0, 1, 0, 0, 0, junk, null)),
                    random, ErrorCode.BAD_CHECKPOINT);
            case 14 -> new StormProbe("credit-zero", valid, false, frame(0x02, le(0)),
                    ErrorCode.PROTOCOL_VIOLATION.code());
            case 15 -> new StormProbe("credit-size", valid, false, frame(0x02, bytes(random, size == 4 ? 5 : size)),
                    ErrorCode.PROTOCOL_VIOLATION.code());
            case 16 -> {
                int type = random.nextInt(256);
                yield new StormProbe("frame-type", valid, false,
                        frame(type == 0x02 ? 0x01 : type, bytes(random, random.nextInt(65))),
                        ErrorCode.PROTOCOL_VIOLATION.code());
            }
            case 17 -> new StormProbe("frame-too-long", valid, false,
                    frame(0x02, bytes(random, 65 + random.nextInt(1_000))), ErrorCode.PROTOCOL_VIOLATION.code());
            case 18 -> new StormProbe("credit-overflow", valid, false,
                    frame(0x02, le(maxCredit + 1 + random.nextInt(1_000_000))), ErrorCode.CREDIT_OVERFLOW.code());
            default -> new StormProbe("reset-at-once", bytes(random, random.nextInt(600)), false, null, UNOBSERVED);
        };
    }

    /**
     * Random bytes, their fifth byte (the frame type) 0x01 half of the time, with a length field
     * over the limit, within the bytes sent, or beyond them; the expected answer follows from
     * the bytes by the rules of §3.
     */
    private static StormProbe randomBytes(Random random, int maxHandshakeBytes) {
        byte[] bytes = bytes(random, random.nextInt(700));
        if (bytes.length >= 8 && random.nextBoolean()) {
            bytes[4] = 0x01;
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            int room = bytes.length - 8;
            switch (random.nextInt(3)) {
                case 0 -> b.putInt(0, maxHandshakeBytes + 1 + random.nextInt(Integer.MAX_VALUE - maxHandshakeBytes));
                case 1 -> b.putInt(0, random.nextInt(room + 1));
                default -> b.putInt(0, room + 1 + random.nextInt(1_000));
            }
            if (room >= 6 && random.nextInt(4) == 0) {
                b.putInt(8, MAGIC_RAUD).putShort(12, (short) (2 + random.nextInt(0xFFFE)));
            }
        }
        return new StormProbe("random-bytes", bytes, true, null, expected(bytes, maxHandshakeBytes));
    }

    /** What §3 says a peer that sends {@code bytes} and then shuts its side gets. */
    static int expected(byte[] bytes, int maxHandshakeBytes) {
        if (bytes.length < 8) {
            return CLOSED;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long length = b.getInt(0) & 0xFFFF_FFFFL;
        if ((bytes[4] & 0xFF) != 0x01) {
            return ErrorCode.MALFORMED_HANDSHAKE.code();
        }
        if (length > maxHandshakeBytes) {
            return ErrorCode.HANDSHAKE_TOO_LARGE.code();
        }
        if (bytes.length < 8 + length) {
            return CLOSED;
        }
        if (length < 6) {
            return ErrorCode.MALFORMED_HANDSHAKE.code();
        }
        if (b.getInt(8) != MAGIC_RAUD) {
            return ErrorCode.BAD_MAGIC.code();
        }
        if ((b.getShort(12) & 0xFFFF) != Handshake.VERSION) {
            return ErrorCode.UNSUPPORTED_VERSION.code();
        }
        throw new IllegalArgumentException("random bytes that start a version-1 handshake: not generated");
    }

    /**
     * What a probe got.
     *
     * @param problem null if the server answered as expected, else what it did
     * @param millis from the connect to the end of the answer
     */
    record Answer(String problem, long millis) {
    }

    /**
     * Connects to {@code port}, sends, and reads what comes back until the server closes (or, after
     * WELCOME, until the ERROR), waiting at most {@link #READ_TIMEOUT_MILLIS} for each read.
     */
    Answer run(int port) {
        long start = System.nanoTime();
        String problem = exchange(port);
        return new Answer(problem, (System.nanoTime() - start) / 1_000_000);
    }

    private String exchange(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            socket.getOutputStream().write(first);
            if (code == UNOBSERVED) {
                socket.setSoLinger(true, 0);
                return null;
            }
            if (afterWelcome != null) {
                int[] welcome = readFrame(in);
                if (welcome[0] != 0x81) {
                    return "expected WELCOME, got frame type " + welcome[0];
                }
                socket.getOutputStream().write(afterWelcome);
                int[] frame;
                do {
                    frame = readFrame(in);
                } while (frame[0] == 0x82);
                return frame[0] == 0xFF && frame[1] == code ? null : "expected ERROR " + code + ", got frame type "
                        + frame[0] + (frame[0] == 0xFF ? " code " + frame[1] : "");
            }
            if (halfClose) {
                socket.shutdownOutput();
            }
            if (code == CLOSED) {
                int next = in.read();
                return next == -1 ? null : "expected a close without ERROR, got byte " + next;
            }
            int[] frame = readFrame(in);
            if (frame[0] != 0xFF || frame[1] != code) {
                return "expected ERROR " + code + ", got frame type " + frame[0]
                        + (frame[0] == 0xFF ? " code " + frame[1] : "");
            }
            int next = in.read();
            return next == -1 ? null : "expected the close after the ERROR, got byte " + next;
        } catch (SocketTimeoutException e) {
            return "no answer within " + READ_TIMEOUT_MILLIS + " ms";
        } catch (EOFException e) {
            return "closed before the expected frame";
        } catch (SocketException e) {
            return "socket error before the expected answer: " + e.getMessage();
        } catch (IOException e) {
            return "I/O error: " + e;
        }
    }

    /** Reads one frame; returns its type and, for an ERROR, its code. */
    private static int[] readFrame(DataInputStream in) throws IOException {
        byte[] header = new byte[8];
        in.readFully(header);
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        int length = h.getInt(0);
        int type = h.get(4) & 0xFF;
        byte[] payload = new byte[length];
        in.readFully(payload);
        int code = type == 0xFF ? ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).getShort(0) & 0xFFFF : -1;
        return new int[] {type, code};
    }

    private static StormProbe refused(String kind, byte[] frame, Random random, ErrorCode code) {
        return new StormProbe(kind, frame, random.nextBoolean(), null, code.code());
    }

    private static byte[] withVersion(byte[] frame, int version) {
        ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putShort(12, (short) version);
        return frame;
    }

    /** The handshake cut to 6 or more payload bytes, but short of its end, with its length field to match. */
    private static byte[] truncated(byte[] frame, Random random) {
        int payload = frame.length - 8;
        int kept = 6 + random.nextInt(payload - 6);
        byte[] cut = Arrays.copyOf(frame, 8 + kept);
        ByteBuffer.wrap(cut).order(ByteOrder.LITTLE_ENDIAN).putInt(0, kept);
        return cut;
    }

    /** The handshake with 1 to 16 bytes more in its payload, its length field to match. */
    private static byte[] extended(byte[] frame, Random random) {
        int extra = 1 + random.nextInt(16);
        byte[] longer = Arrays.copyOf(frame, frame.length + extra);
        ByteBuffer.wrap(longer).order(ByteOrder.LITTLE_ENDIAN).putInt(0, frame.length - 8 + extra);
        return longer;
    }

    private static byte[] frame(int type, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(payload.length).put((byte) type)
                .array());
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] le(long u32) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) u32).array();
    }

    private static byte[] bytes(Random random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }
}
