package io.reactiveaudio.codec.wav;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian reads from byte arrays, the byte order of every RIFF field and WAV sample. */
final class LittleEndian {

    static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle DOUBLE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {
    }

    /** Unsigned 16-bit field at {@code offset}. */
    static int u16(byte[] b, int offset) {
        return (short) SHORT.get(b, offset) & 0xFFFF;
    }

    /** Unsigned 32-bit field at {@code offset}. */
    static long u32(byte[] b, int offset) {
        return (int) INT.get(b, offset) & 0xFFFF_FFFFL;
    }

    /** 64-bit field at {@code offset}; values of 2^63 and above come out negative. */
    static long s64(byte[] b, int offset) {
        return (long) LONG.get(b, offset);
    }
}
