package io.reactiveaudio.netty.ingest;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.reactiveaudio.live.LiveSource;
import io.reactiveaudio.live.LiveStats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * The {@link LiveStats} counters of live sources as Micrometer meters (for an
 * {@code AudioServer}'s {@code /metrics}: {@code AudioServer.Builder.meters}), summed over a
 * collection of sources and, for each stream named with {@link #addStream}, on their own with a
 * {@code stream} tag. The collection is read at each scrape, so sources may be added while it
 * runs; like every Micrometer function meter, the registry holds it weakly, so its owner keeps it.
 *
 * <p>In Prometheus form, summed: {@code reactive_audio_live_streams} (sources in the collection),
 * {@code reactive_audio_live_buffered_frames} (waiting now), and the counters
 * {@code reactive_audio_live_{received,delivered,dropped,late,gap,out_of_order}_frames_total},
 * {@code reactive_audio_live_dropped_chunks_total}, {@code reactive_audio_live_gaps_total},
 * {@code reactive_audio_live_ignored_bytes_total}, {@code reactive_audio_live_overruns_total}; per
 * stream the same counters and gauge named {@code reactive_audio_live_stream_...} with the label
 * {@code stream="<id>"}. {@code docs/live.md} says what each counts.
 *
 * <p>Thread-safe if the collection is (a concurrent or copy-on-write one); streams may be added and
 * removed from any thread, before or after binding.
 */
public final class LiveMeters implements MeterBinder {

    /** A counter of {@link LiveStats.Counts}: its name after the prefix, its description, its value. */
    private record Count(String name, String description, ToLongFunction<LiveStats.Counts> value) {
    }

    private static final List<Count> COUNTS = List.of(
            new Count("received.frames", "Frames offered by the senders", LiveStats.Counts::receivedFrames),
            new Count("delivered.frames", "Frames handed to the consumers", LiveStats.Counts::deliveredFrames),
            new Count("dropped.frames", "Frames dropped by the overflow strategy or at cancel",
                    LiveStats.Counts::droppedFrames),
            new Count("dropped.chunks", "Chunks dropped by the overflow strategy or at cancel",
                    LiveStats.Counts::droppedChunks),
            new Count("late.frames", "Frames dropped for waiting longer than the latency bound",
                    LiveStats.Counts::lateFrames),
            new Count("out.of.order.frames", "Frames dropped for starting before the expected position",
                    LiveStats.Counts::outOfOrderFrames),
            new Count("gaps", "Holes in the streams handed out, whatever their cause", LiveStats.Counts::gaps),
            new Count("gap.frames", "Frames missing in those holes", LiveStats.Counts::gapFrames),
            new Count("ignored.bytes", "Bytes received that made no whole frame", LiveStats.Counts::ignoredBytes),
            new Count("overruns", "Capture-device overruns", LiveStats.Counts::overruns));

    private static final String PREFIX = "reactive.audio.live.";
    private static final String STREAM_PREFIX = PREFIX + "stream.";

    private final Collection<? extends LiveSource> sources;
    private final List<MeterRegistry> registries = new ArrayList<>();
    private final Map<String, LiveSource> streams = new LinkedHashMap<>();
    private final Map<String, List<Meter>> streamMeters = new LinkedHashMap<>();

    private LiveMeters(Collection<? extends LiveSource> sources) {
        this.sources = sources;
    }

    /** Meters summed over every source in {@code sources}, now and later. */
    public static LiveMeters of(Collection<? extends LiveSource> sources) {
        return new LiveMeters(Objects.requireNonNull(sources, "sources"));
    }

    /**
     * Adds the meters of one stream, tagged {@code stream=id}, to every registry this is bound to
     * (now and later) until {@link #removeStream}; the sums are over the collection only, so add
     * the source there too. A stream already added under {@code id} is replaced.
     */
    public synchronized void addStream(String id, LiveSource source) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        removeStream(id);
        streams.put(id, source);
        for (MeterRegistry registry : registries) {
            register(registry, id, source);
        }
    }

    /** Removes the meters of stream {@code id} from every registry (its frames stay in the sums); no-op if absent. */
    public synchronized void removeStream(String id) {
        streams.remove(id);
        List<Meter> meters = streamMeters.remove(id);
        if (meters != null) {
            for (Meter meter : meters) {
                for (MeterRegistry registry : registries) {
                    registry.remove(meter);
                }
            }
        }
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        registries.add(registry);
        Gauge.builder(PREFIX + "streams", sources, Collection::size)
                .description("Live sources ingested").register(registry);
        Gauge.builder(PREFIX + "buffered.frames", sources, all -> totals(all).bufferedFrames())
                .description("Frames waiting in the live buffers now").register(registry);
        for (Count count : COUNTS) {
            FunctionCounter.builder(PREFIX + count.name(), sources, all -> count.value().applyAsLong(totals(all)))
                    .description(count.description()).register(registry);
        }
        streams.forEach((id, source) -> register(registry, id, source));
    }

    private void register(MeterRegistry registry, String id, LiveSource source) {
        Tags tags = Tags.of("stream", id);
        List<Meter> meters = streamMeters.computeIfAbsent(id, key -> new ArrayList<>());
        meters.add(Gauge.builder(STREAM_PREFIX + "buffered.frames", source, s -> s.stats().snapshot().bufferedFrames())
                .description("Frames waiting in the stream's live buffer now").tags(tags).register(registry));
        for (Count count : COUNTS) {
            meters.add(FunctionCounter.builder(STREAM_PREFIX + count.name(), source,
                            s -> count.value().applyAsLong(s.stats().snapshot()))
                    .description(count.description()).tags(tags).register(registry));
        }
    }

    private static LiveStats.Counts totals(Collection<? extends LiveSource> sources) {
        LiveStats.Counts sum = LiveStats.Counts.ZERO;
        for (LiveSource source : sources) {
            sum = sum.plus(source.stats().snapshot());
        }
        return sum;
    }
}
