package io.reactiveaudio.netty.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.IntSupplier;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The HTTP side of an {@link AudioServer}: {@code GET /health} answers
 * {@code {"status":"UP","connections":n}}, {@code GET /metrics} the Prometheus text format of
 * the server's meters, {@code GET /} the {@link StatusPage} and {@code GET /status.json} its
 * figures. All are computed on the event loop without blocking.
 */
final class MetricsEndpoint {

    private MetricsEndpoint() {
    }

    /**
     * Starts listening on {@code host:port} (0: any free port).
     *
     * @param maxCredit the server's most outstanding credit per connection, for the status page
     */
    static Mono<? extends DisposableServer> bind(String host, int port, PrometheusMeterRegistry registry,
                                                 IntSupplier connections, int maxCredit) {
        long started = System.nanoTime();
        return HttpServer.create().host(host).port(port)
                .route(routes -> routes
                        .get("/health", (request, response) -> response
                                .header("Content-Type", "application/json")
                                .sendString(Mono.fromCallable(() -> "{\"status\":\"UP\",\"connections\":"
                                        + connections.getAsInt() + "}")))
                        .get("/metrics", (request, response) -> response
                                .header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                                .sendString(Mono.fromCallable(registry::scrape)))
                        .get("/", (request, response) -> response
                                .header("Content-Type", "text/html; charset=utf-8")
                                .sendString(Mono.just(StatusPage.HTML)))
                        .get("/status.json", (request, response) -> response
                                .header("Content-Type", "application/json")
                                .header("Cache-Control", "no-store")
                                .sendString(Mono.fromCallable(() -> StatusPage.json(registry, connections.getAsInt(),
                                        maxCredit, System.nanoTime() - started)))))
                .bind();
    }
}
