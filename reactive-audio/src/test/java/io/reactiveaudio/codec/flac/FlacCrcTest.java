package io.reactiveaudio.codec.flac;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The table-driven frame checksums against their published check values and a bitwise reference. */
class FlacCrcTest {

    private static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);

    @Test
    void crc8OfTheCheckStringIsF4() {
        assertEquals(0xF4, Crc.crc8(CHECK, 0, CHECK.length));
    }

    @Test
    void crc16OfTheCheckStringIsFee8() {
        assertEquals(0xFEE8, Crc.crc16(CHECK, 0, CHECK.length));
    }

    @Test
    void tablesAgreeWithBitwiseComputationForEveryLengthAndOffset() {
        byte[] data = new byte[300];
        new SplittableRandom(9).nextBytes(data);
        for (int from = 0; from < 5; from++) {
            for (int to = from; to < data.length; to += 7) {
                byte[] range = Arrays.copyOfRange(data, from, to);

                assertEquals(FlacStreamWriter.crc8(range, range.length), Crc.crc8(data, from, to));
                assertEquals(FlacStreamWriter.crc16(range, range.length), Crc.crc16(data, from, to));
            }
        }
    }
}
