package io.reactiveaudio.netty.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a server's {@code GET /metrics} as a client of the endpoint would; blocking, for test threads. */
final class ServerScrape {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ServerScrape() {
    }

    /** The Prometheus text of {@code server}'s metrics. */
    static String metrics(AudioServer server) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.metricsPort()
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException("GET /metrics failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading /metrics", e);
        }
    }

    /**
     * The value of the sample {@code name} with exactly the labels {@code labels} (as the text
     * writes them between the braces, in name order: {@code client="/127.0.0.1:5000",stream="pool"}),
     * or -1 if there is none.
     */
    static double value(AudioServer server, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)$")
                .matcher(metrics(server));
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
