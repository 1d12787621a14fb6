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
        assertEquals(150, registry.get("reactive.audio.live.buffered.frames").gauge().value(), "100 + 50 waiting");
    }

    @Test
    void eachStreamNamedHasItsOwnTaggedMetersUntilRemoved() {
        PushSource a = source();
        PushSource b = source();
        List<LiveSource> sources = List.of(a, b);
        LiveMeters meters = LiveMeters.of(sources);
        meters.addStream("a", a);
        MeterRegistry registry = new SimpleMeterRegistry();
        meters.bindTo(registry);
        meters.addStream("b", b);

        for (int i = 0; i < 3; i++) {
            a.push(new float[100]);
        }
        b.push(new float[40]);

        assertEquals(200, registry.get("reactive.audio.live.stream.dropped.frames").tag("stream", "a")
                .functionCounter().count());
        assertEquals(0, registry.get("reactive.audio.live.stream.dropped.frames").tag("stream", "b")
                .functionCounter().count());
        assertEquals(40, registry.get("reactive.audio.live.stream.buffered.frames").tag("stream", "b")
                .gauge().value());
        assertEquals(340, count(registry, "reactive.audio.live.received.frames"));

        meters.removeStream("a");

        assertEquals(List.of("b"), registry.find("reactive.audio.live.stream.received.frames").functionCounters()
                .stream().map(c -> c.getId().getTag("stream")).toList());
        assertEquals(340, count(registry, "reactive.audio.live.received.frames"), "the sums keep a removed stream");
    }
}
