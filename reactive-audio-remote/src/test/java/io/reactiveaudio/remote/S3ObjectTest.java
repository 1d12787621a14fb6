package io.reactiveaudio.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The SDK's small body buffers reach the reader gathered, every byte in order. */
class S3ObjectTest {

    @Test
    void bodyBuffersOf8KiBAreHandedOverIn32KiBAndTheLastRest() {
        byte[] body = new byte[8192 * 9 + 100];
        new Random(1).nextBytes(body);
        List<ByteBuffer> sdk = new ArrayList<>();
        for (int at = 0; at < body.length; at += 8192) {
            sdk.add(ByteBuffer.wrap(body, at, Math.min(8192, body.length - at)).slice());
        }
        List<ByteBuffer> handed = S3Object.coalesced(Flux.fromIterable(sdk)).collectList().block();
        assertEquals(List.of(32_768, 32_768, 8192 + 100), handed.stream().map(ByteBuffer::remaining).toList());
        ByteBuffer all = ByteBuffer.allocate(body.length);
        handed.forEach(all::put);
        assertArrayEquals(body, all.array());
    }
}
