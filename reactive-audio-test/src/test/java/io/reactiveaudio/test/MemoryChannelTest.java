package io.reactiveaudio.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import org.junit.jupiter.api.Test;

class MemoryChannelTest {

    private final MemoryChannel channel = new MemoryChannel(new byte[] {1, 2, 3, 4, 5});

    @Test
    void readsTheBytesFromItsPositionAndEndOfStreamPastTheEnd() throws IOException {
        ByteBuffer three = ByteBuffer.allocate(3);

        assertEquals(3, channel.read(three));
        assertArrayEquals(new byte[] {1, 2, 3}, three.array());
        ByteBuffer rest = ByteBuffer.allocate(8);
        assertEquals(2, channel.read(rest));
        assertEquals(-1, channel.read(rest));
        assertEquals(-1, channel.position(99).read(ByteBuffer.allocate(1)));
        assertEquals(5, channel.size());
    }

    @Test
    void seeksBackAndForth() throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);

        channel.position(3).read(one);

        assertEquals(4, one.get(0));
        assertEquals(4, channel.position());
    }

    @Test
    void isReadOnlyAndRefusesUseAfterClose() {
        assertThrows(NonWritableChannelException.class, () -> channel.write(ByteBuffer.allocate(1)));
        assertThrows(NonWritableChannelException.class, () -> channel.truncate(0));
        assertThrows(IllegalArgumentException.class, () -> channel.position(-1));

        channel.close();

        assertFalse(channel.isOpen());
        assertThrows(ClosedChannelException.class, () -> channel.read(ByteBuffer.allocate(1)));
    }
}
