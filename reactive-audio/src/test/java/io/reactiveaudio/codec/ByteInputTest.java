package io.reactiveaudio.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reactiveaudio.bytes.ByteSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A {@link ByteInput} over a source that is not a local file (as a remote object is) parks the
 * channel a far seek leaves and resumes it on a seek back, so a decoder's look at the last bytes
 * costs one more channel, not two, and every byte still comes from its place.
 */
class ByteInputTest {

    private final byte[] bytes = new byte[300_000];
    private final Counting source = new Counting(bytes);

    ByteInputTest() {
        new Random(5).nextBytes(bytes);
    }

    @Test
    void aLookAtTheLastBytesAndBackCostsOneMoreChannelAndBreaksNoTransfer() {
        byte[] head = new byte[1_000];
        byte[] tail = new byte[128];
        byte[] rest = new byte[200_000];
        try (ByteInput in = ByteInput.open(source, Path.of("member.mp3"))) {
            assertEquals(head.length, in.readFully(head, 0, head.length));
            in.seek(bytes.length - 128);
            assertEquals(128, in.readFully(tail, 0, 128));
            in.seek(417);
            assertEquals(rest.length, in.readFully(rest, 0, rest.length));
            assertEquals(417 + rest.length, in.position());
        }
        assertArrayEquals(Arrays.copyOfRange(bytes, 0, 1_000), head);
        assertArrayEquals(Arrays.copyOfRange(bytes, bytes.length - 128, bytes.length), tail);
        assertArrayEquals(Arrays.copyOfRange(bytes, 417, 417 + rest.length), rest);
        assertEquals(List.of(0L, bytes.length - 128L), source.opened, "the head's channel resumed, not reopened");
        assertEquals(2, source.closed, "both closed with the input");
    }

    @Test
    void aSeekElsewhereOpensAtTheNewPlaceAndKeepsOnlyOneParkedChannel() {
        byte[] b = new byte[10];
        try (ByteInput in = ByteInput.open(source, Path.of("member.wav"))) {
            in.readFully(b, 0, 10);
            in.seek(150_000);
            in.readFully(b, 0, 10);
            in.seek(250_000);
            assertEquals(10, in.readFully(b, 0, 10));
            assertArrayEquals(Arrays.copyOfRange(bytes, 250_000, 250_010), b);
            assertEquals(1, source.closed, "the first channel closed when the second was parked");
            in.seek(150_005);
            assertEquals(10, in.readFully(b, 0, 10));
            assertArrayEquals(Arrays.copyOfRange(bytes, 150_005, 150_015), b);
        }
        assertEquals(List.of(0L, 150_000L, 250_000L), source.opened);
        assertEquals(3, source.closed);
    }

    /** Bytes in memory as a source that is not a local file, counting the channels opened and closed. */
    private static final class Counting implements ByteSource {
        private final byte[] bytes;
        final List<Long> opened = new ArrayList<>();
        int closed;

        Counting(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public String name() {
            return "memory";
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public ReadableByteChannel openAt(long position) {
            opened.add(position);
            return new ReadableByteChannel() {
                private int at = (int) position;
                private boolean open = true;

                @Override
                public int read(ByteBuffer dst) throws IOException {
                    if (!open) {
                        throw new IOException("closed");
                    }
                    if (at >= bytes.length) {
                        return -1;
                    }
                    int n = Math.min(dst.remaining(), Math.min(4096, bytes.length - at));
                    dst.put(bytes, at, n);
                    at += n;
                    return n;
                }

                @Override
                public boolean isOpen() {
                    return open;
                }

                @Override
                public void close() {
                    if (open) {
                        open = false;
                        closed++;
                    }
                }
            };
        }
    }
}
