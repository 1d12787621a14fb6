package io.reactiveaudio.netty.server;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import reactor.core.Disposable;
import reactor.netty.DisposableServer;

/**
 * The HTTP endpoints of an {@link AudioServer}'s metrics port ({@code GET /health},
 * {@code GET /metrics} in Prometheus text, the status page) for a process that serves no stream:
 * the meters of the given binders alone, such as a live consumer's counters
 * ({@code io.reactiveaudio.netty.ingest.LiveMeters}). Computed on the event loop without blocking;
 * thread-safe.
 */
public final class MetricsServer implements Disposable {

    private final DisposableServer http;

    private MetricsServer(DisposableServer http) {
        this.http = http;
    }

    /**
     * Binds on {@code host:port} (0 for any free port) with the meters of {@code binders}, and
     * waits up to 30 s until it listens. Blocks: call it from a thread that may.
     */
    public static MetricsServer bindNow(String host, int port, List<? extends MeterBinder> binders) {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535: " + port);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        for (MeterBinder binder : binders) {
            binder.bindTo(registry);
        }
        return new MetricsServer(MetricsEndpoint.bind(host, port, registry, () -> 0, 0).block(Duration.ofSeconds(30)));
    }

    /** The port it listens on. */
    public int port() {
        return http.port();
    }

    /** Stops listening, without waiting. */
    @Override
    public void dispose() {
        http.dispose();
    }

    @Override
    public boolean isDisposed() {
        return http.isDisposed();
    }
}
