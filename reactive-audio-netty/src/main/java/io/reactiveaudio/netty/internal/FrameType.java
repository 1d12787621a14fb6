package io.reactiveaudio.netty.internal;

/** The frame types of {@code docs/protocol.md} §2, with their type byte. */
public enum FrameType {
    /** Client to server: the first frame of a connection. */
    HANDSHAKE(0x01),
    /** Client to server: {@code u32 n} more batches allowed. */
    CREDIT(0x02),
    /** Server to client: the handshake is accepted. */
    WELCOME(0x81),
    /** Server to client: a safetensors blob. */
    BATCH(0x82),
    /** Server to client: {@code u64 epoch, u64 batches}. */
    END_OF_EPOCH(0x83),
    /** Server to client: no more batches; the server closes. */
    END_OF_STREAM(0x84),
    /** Server to client: {@code u16 code}, UTF-8 message; the server closes. */
    ERROR(0xFF);

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    /** The type byte, 0..255. */
    public int code() {
        return code;
    }

    /** The type with this byte, or null if none. */
    public static FrameType of(int code) {
        for (FrameType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
