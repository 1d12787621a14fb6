package io.reactiveaudio.netty.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.Layout;
import io.reactiveaudio.netty.internal.FrameType;
import io.reactiveaudio.netty.internal.TestBatches;
import io.reactiveaudio.netty.protocol.Handshake;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AudioServerMetricsTest {

    private final BufferPool pool = new BufferPool(2 * 100 * 4, 8);

    @Test
    void healthAndPrometheusMetricsCountBatchesBytesCreditAndConnections() throws Exception {
        AudioServer server = AudioServer.builder()
                .stream("train", request -> TestBatches.of(pool, 10, 2, 100, 1, Layout.BTC))
                .metricsPort(0)
                .bindNow();
        try (RawClient client = new RawClient(server.port())) {
            client.send(new Handshake("train", 0, 1, 0, 0, 0, null, null));
            assertEquals(FrameType.WELCOME.code(), client.read().type());
            client.credit(3);
            long bytes = 0;
            for (int i = 0; i < 2; i++) {
                bytes += 8 + client.read().payload().length;
            }
            long sent = bytes;
            Awaits.until(() -> metrics(server).contains("reactive_audio_batches_made_total{stream=\"train\"} 3.0"),
                    "three batches made");

            String text = metrics(server);
            assertTrue(text.contains("reactive_audio_connections 1.0"), text);
            assertTrue(value(text, "reactive_audio_batches_sent_total") >= 2, text);
            assertTrue(value(text, "reactive_audio_sent_bytes_total") >= sent, text);
            assertEquals(3.0 - value(text, "reactive_audio_batches_sent_total"),
                    value(text, "reactive_audio_credit_outstanding"), text);
            assertTrue(value(text, "reactive_audio_batches_held") <= 1, text);
            assertEquals("{\"status\":\"UP\",\"connections\":1}", get(server, "/health"));
        } finally {
            server.dispose();
        }
    }

    private static double value(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*} ([0-9.E]+)$").matcher(text);
        assertTrue(m.find(), name + " in " + text);
        return Double.parseDouble(m.group(1));
    }

    private static String metrics(AudioServer server) {
        try {
            return get(server, "/metrics");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String get(AudioServer server, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.metricsPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }
}
