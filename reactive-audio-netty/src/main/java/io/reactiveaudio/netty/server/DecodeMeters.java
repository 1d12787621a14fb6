package io.reactiveaudio.netty.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.reactiveaudio.decode.DecodeReport;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * The counts of a stream's {@link DecodeReport} as meters, for {@link AudioServer.Builder#meters}:
 * what the status page shows as the decode rate and the files dropped. Counters tagged
 * {@code stream}, read from the report at each scrape (so they total every pipeline that shares
 * the report, for example one per connection):
 *
 * <ul>
 *   <li>{@code reactive.audio.decode.files}: files decoded to their end;</li>
 *   <li>{@code reactive.audio.decode.frames}: sample frames delivered (per channel, at each file's own rate);</li>
 *   <li>{@code reactive.audio.decode.problem.files}: files with a decode problem (skipped from the
 *       problem on, or failed, by the pipeline's error policy);</li>
 *   <li>{@code reactive.audio.decode.damaged.files}: files in which a decoder concealed damage.</li>
 * </ul>
 *
 * <pre>{@code
 * Decode decode = Decode.defaults();
 * AudioServer.builder().stream("train", BatchSource.of(AudioPipeline.from(corpus).decode(decode)...))
 *     .meters(DecodeMeters.of("train", decode.report())).metricsPort(9090)...
 * }</pre>
 *
 * <p>Immutable and thread-safe; binding to several registries is allowed.
 */
public final class DecodeMeters implements MeterBinder {

    private final String stream;
    private final DecodeReport report;

    private DecodeMeters(String stream, DecodeReport report) {
        this.stream = stream;
        this.report = report;
    }

    /**
     * The meters of {@code report}, tagged {@code stream=stream}.
     *
     * @param stream the served stream whose pipelines record into {@code report}
     * @param report the decode report ({@code Decode.report()})
     * @throws NullPointerException if an argument is null
     */
    public static DecodeMeters of(String stream, DecodeReport report) {
        return new DecodeMeters(Objects.requireNonNull(stream, "stream"), Objects.requireNonNull(report, "report"));
    }

    /** Registers the four counters in {@code registry}. */
    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "files", "Files decoded to their end", r -> r.completedFiles());
        counter(registry, "frames", "Sample frames delivered by the decoders", r -> r.frames());
        counter(registry, "problem.files", "Files with a decode problem: skipped from it on, or failed",
                r -> r.problemFiles());
        counter(registry, "damaged.files", "Files in which a decoder concealed damage", r -> r.damagedFiles());
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<DecodeReport> count) {
        FunctionCounter.builder("reactive.audio.decode." + name, report, count).tag("stream", stream)
                .description(description).register(registry);
    }
}
