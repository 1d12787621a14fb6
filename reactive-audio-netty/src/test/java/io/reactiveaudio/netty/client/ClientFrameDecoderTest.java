package io.reactiveaudio.netty.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.reactiveaudio.netty.internal.FrameType;
import io.reactiveaudio.netty.internal.Frames;
import io.reactiveaudio.netty.protocol.Welcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClientFrameDecoderTest {

    private final List<ByteBuf> batches = new ArrayList<>();
    private final ClientFrameDecoder decoder = new ClientFrameDecoder(new Batches(), new ReceiveBuffers(2));
    private final EmbeddedChannel channel = new EmbeddedChannel(decoder);

    @Test
    void theSocketReadsABatchPayloadIntoItsOwnBufferAfterTheBytesThatCameWithTheHeader() {
        byte[] payload = new byte[100_000];
        new Random(1).nextBytes(payload);
        assertNull(decoder.lendPayload(), "nothing to lend before a header");
        ByteBuf first = channel.alloc().buffer();
        Frames.writeHeader(first, FrameType.BATCH, payload.length);
        first.writeBytes(payload, 0, 1000);
        channel.writeInbound(first);

        ByteBuf lent = decoder.lendPayload();
        assertEquals(payload.length - 1000, lent.writableBytes());
        long lentAt = lent.memoryAddress();
        lent.writeBytes(payload, 1000, 60_000);
        channel.writeInbound(lent);
        ByteBuf last = decoder.lendPayload();
        last.writeBytes(payload, 61_000, payload.length - 61_000);
        channel.writeInbound(last);

        assertEquals(1, batches.size());
        ByteBuf batch = batches.get(0);
        assertArrayEquals(payload, ByteBufUtil.getBytes(batch));
        assertEquals(batch.memoryAddress() + 1000, lentAt, "read in place");
        assertNull(decoder.lendPayload(), "nothing to lend between frames");
        batch.release();
    }

    @Test
    void theTailOfAPayloadTooShortForAReadOfItsOwnIsNotLent() {
        ByteBuf first = channel.alloc().buffer();
        Frames.writeHeader(first, FrameType.BATCH, 20_000);
        first.writeZero(20_000 - ClientFrameDecoder.MIN_LENT_BYTES + 1);
        channel.writeInbound(first);

        assertNull(decoder.lendPayload());
        ByteBuf rest = channel.alloc().buffer().writeZero(ClientFrameDecoder.MIN_LENT_BYTES - 1);
        channel.writeInbound(rest);
        assertEquals(1, batches.size());
        batches.get(0).release();
    }

    @Test
    void headersAndShortTailsAreReadIntoTheDecodersOwnBufferNeverPastTheFrame() {
        byte[] payload = new byte[20_000];
        new Random(2).nextBytes(payload);
        ByteBuf header = channel.alloc().buffer();
        Frames.writeHeader(header, FrameType.BATCH, payload.length);

        ByteBuf spare = decoder.lendSpare(channel.alloc());
        assertEquals(Frames.HEADER_BYTES, spare.writableBytes(), "just a header before the first frame");
        spare.writeBytes(header, 3);
        channel.writeInbound(spare);
        spare = decoder.lendSpare(channel.alloc());
        assertEquals(Frames.HEADER_BYTES - 3, spare.writableBytes(), "the rest of the header");
        spare.writeBytes(header);
        channel.writeInbound(spare);
        header.release();

        ByteBuf lent = decoder.lendPayload();
        lent.writeBytes(payload, 0, payload.length - 100);
        channel.writeInbound(lent);
        assertNull(decoder.lendPayload(), "a tail too short for a read of its own");
        spare = decoder.lendSpare(channel.alloc());
        assertEquals(100, spare.writableBytes(), "no more than the payload's tail");
        spare.writeBytes(payload, payload.length - 100, 100);
        channel.writeInbound(spare);

        assertEquals(1, batches.size());
        assertArrayEquals(payload, ByteBufUtil.getBytes(batches.get(0)));
        batches.get(0).release();
        ByteBuf next = decoder.lendSpare(channel.alloc());
        assertEquals(Frames.HEADER_BYTES, next.writableBytes(), "the next header");
        next.release();
        channel.close();
    }

    @Test
    void nothingIsLentOnceTheChannelHasClosed() {
        channel.close();
        assertNull(decoder.lendSpare(channel.alloc()));
        assertNull(decoder.lendPayload());
    }

    /** Keeps the batches; fails on anything else. */
    private final class Batches implements FrameListener {

        @Override
        public void welcome(Welcome welcome) {
            throw new AssertionError("welcome");
        }

        @Override
        public void batch(ByteBuf blob) {
            batches.add(blob);
        }

        @Override
        public void endOfEpoch(long epoch, long count) {
            throw new AssertionError("end of epoch");
        }

        @Override
        public void endOfStream() {
            throw new AssertionError("end of stream");
        }

        @Override
        public void error(int code, String message) {
            throw new AssertionError("error " + code);
        }

        @Override
        public void closed(Throwable cause) {
        }
    }
}
