package io.reactiveaudio.netty.ingest;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.reactiveaudio.live.LiveSource;
import io.reactiveaudio.live.LiveStats;
import java.util.Collection;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * The {@link LiveStats} counters of a set of live sources as Micrometer meters, summed over the
 * sources (for an {@code AudioServer}'s {@code /metrics}: {@code AudioServer.Builder.meters}).
 * The collection is read at each scrape, so sources may be added while it runs; like every
 * Micrometer function meter, the registry holds it weakly, so its owner keeps it. In Prometheus
 * form: {@code reactive_audio_live_streams}, and the counters
 * {@code reactive_audio_live_{received,delivered,dropped,late,gap}_frames_total},
 * {@code reactive_audio_live_dropped_chunks_total}, {@code reactive_audio_live_gaps_total},
 * {@code reactive_audio_live_overruns_total}.
 *
 * <p>Thread-safe if the collection is (a concurrent or copy-on-write one).
 */
public final class LiveMeters implements MeterBinder {

    private final Collection<? extends LiveSource> sources;

    private LiveMeters(Collection<? extends LiveSource> sources) {
        this.sources = sources;
    }

    /** Meters of every source in {@code sources}, now and later. */
    public static LiveMeters of(Collection<? extends LiveSource> sources) {
        return new LiveMeters(Objects.requireNonNull(sources, "sources"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("reactive.audio.live.streams", sources, Collection::size)
                .description("Live sources ingested").register(registry);
        counter(registry, "reactive.audio.live.received.frames", "Frames offered by the senders",
                LiveStats.Counts::receivedFrames);
        counter(registry, "reactive.audio.live.delivered.frames", "Frames handed to the consumers",
                LiveStats.Counts::deliveredFrames);
        counter(registry, "reactive.audio.live.dropped.frames", "Frames dropped by the overflow strategy",
                LiveStats.Counts::droppedFrames);
        counter(registry, "reactive.audio.live.dropped.chunks", "Chunks dropped by the overflow strategy",
                LiveStats.Counts::droppedChunks);
        counter(registry, "reactive.audio.live.late.frames", "Frames dropped for waiting longer than the latency bound",
                LiveStats.Counts::lateFrames);
        counter(registry, "reactive.audio.live.gaps", "Jumps forward in the stream positions",
                LiveStats.Counts::gaps);
        counter(registry, "reactive.audio.live.gap.frames", "Frames missing in those jumps",
                LiveStats.Counts::gapFrames);
        counter(registry, "reactive.audio.live.overruns", "Capture-device overruns",
                LiveStats.Counts::overruns);
    }

    private void counter(MeterRegistry registry, String name, String description,
                         ToLongFunction<LiveStats.Counts> count) {
        FunctionCounter.builder(name, sources, all -> count.applyAsLong(totals(all)))
                .description(description).register(registry);
    }

    private static LiveStats.Counts totals(Collection<? extends LiveSource> sources) {
        LiveStats.Counts sum = LiveStats.Counts.ZERO;
        for (LiveSource source : sources) {
            sum = sum.plus(source.stats().snapshot());
        }
        return sum;
    }
}
