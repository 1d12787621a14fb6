package io.reactiveaudio.netty.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AudioClientBuilderTest {

    @Test
    void aBuilderIsNeverChangedByItsSettersSoOneServesAsTheBaseOfMany() {
        AudioClient.Builder base = AudioClient.builder("127.0.0.1", 7070);
        AudioClient.Builder rankOne = base.stream("dev").shard(1, 4).seed(42).token("s3cret");

        base.stream("other").shard(2, 3).seed(7).epoch(3).epochs(2).maxCredit(1).reconnects(0)
                .backoff(Duration.ZERO).token("guess");

        AudioClient defaults = base.build();
        assertEquals("train", defaults.stream());
        assertEquals(0, defaults.rank());
        assertEquals(1, defaults.worldSize());
        assertEquals(0, defaults.seed());
        assertEquals(0, defaults.epoch());
        assertEquals(0, defaults.epochs());
        assertEquals(Integer.MAX_VALUE, defaults.maxCredit());
        assertEquals(5, defaults.reconnects());
        assertEquals(Duration.ofMillis(200), defaults.backoff());
        assertNull(defaults.token());
        assertNull(defaults.resume());

        AudioClient client = rankOne.build();
        assertEquals("dev", client.stream());
        assertEquals(1, client.rank());
        assertEquals(4, client.worldSize());
        assertEquals(42, client.seed());
        assertArrayEquals("s3cret".getBytes(StandardCharsets.UTF_8), client.token());
    }

    @Test
    void invalidSettingsAreRefusedNamingTheirValue() {
        AudioClient.Builder builder = AudioClient.builder("127.0.0.1", 7070);

        assertEquals("port must be in 1..65535: 0", message(() -> AudioClient.builder("127.0.0.1", 0)));
        assertEquals("worldSize must be at least 1: 0", message(() -> builder.shard(0, 0)));
        assertEquals("rank 2 is not in 0..1", message(() -> builder.shard(2, 2)));
        assertEquals("epoch must not be negative: -1", message(() -> builder.epoch(-1)));
        assertEquals("epochs must not be negative: -1", message(() -> builder.epochs(-1)));
        assertEquals("maxCredit must be at least 1: 0", message(() -> builder.maxCredit(0)));
        assertEquals("reconnects must not be negative: -1", message(() -> builder.reconnects(-1)));
        assertEquals("backoff must not be negative: PT-1S", message(() -> builder.backoff(Duration.ofSeconds(-1))));
    }

    private static String message(Runnable setter) {
        return assertThrows(IllegalArgumentException.class, setter::run).getMessage();
    }
}
