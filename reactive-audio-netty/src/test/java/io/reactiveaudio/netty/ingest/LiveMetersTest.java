package io.reactiveaudio.netty.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reactiveaudio.live.LiveFormat;
import io.reactiveaudio.live.LiveSource;
import io.reactiveaudio.live.Overflow;
import io.reactiveaudio.live.PushSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class LiveMetersTest {

    private static PushSource source() {
        return PushSource.builder(new LiveFormat(16_000, 1)).capacityFrames(100).overflow(Overflow.DROP_NEWEST).build();
    }

    private static double count(MeterRegistry registry, String name) {
        return registry.get(name).functionCounter().count();
    }

    @Test
    void theMetersSumTheCountersOfEverySourceIncludingSourcesAddedLater() {
        List<LiveSource> sources = new CopyOnWriteArrayList<>();
        PushSource full = source();
        sources.add(full);
        MeterRegistry registry = new SimpleMeterRegistry();
        LiveMeters.of(sources).bindTo(registry);

        for (int i = 0; i < 3; i++) {
            full.push(new float[100]);
        }
        PushSource later = source();
        sources.add(later);
        later.push(new float[50]);

        assertEquals(2, registry.get("reactive.audio.live.streams").gauge().value());
        assertEquals(350, count(registry, "reactive.audio.live.received.frames"));
        assertEquals(200, count(registry, "reactive.audio.live.dropped.frames"));
        assertEquals(2, count(registry, "reactive.audio.live.dropped.chunks"));
        assertEquals(0, count(registry, "reactive.audio.live.delivered.frames"));
        assertEquals(0, count(registry, "reactive.audio.live.gaps"));
    }
}
