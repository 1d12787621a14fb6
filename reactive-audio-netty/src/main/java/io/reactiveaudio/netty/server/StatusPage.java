package io.reactiveaudio.netty.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The status page of the metrics port: {@code GET /} is {@link #HTML}, a page without a framework
 * that polls {@code GET /status.json} ({@link #json}) every second and shows the streams, the
 * connected clients, the credit outstanding, batches and MB per second, the decode rate, the
 * pools' use and what was dropped; the rates are the differences between two polls.
 *
 * <p>{@code /status.json} holds every meter of the registry, grouped: those tagged {@code client}
 * under their stream's client, those tagged {@code stream} under their stream, the rest in
 * {@code meters}. A meter's key is its name without {@code reactive.audio.}, dots as underscores,
 * its base unit appended ({@code sent_bytes}), and for a meter of several measurements the
 * statistic ({@code _count}, {@code _total}, ...):
 *
 * <pre>{@code
 * {"uptime_seconds": 12.5, "connections": 1, "max_credit": 4,
 *  "streams": [{"name": "train",
 *               "meters": {"batches_made": 40.0, "batches_held": 4.0, "decode_frames": 1.2E7, ...},
 *               "clients": [{"client": "127.0.0.1:53412",
 *                            "meters": {"batches_sent": 36.0, "sent_bytes": 4.6E7, "credit_outstanding": 4.0}}]}],
 *  "meters": {...}}
 * }</pre>
 *
 * <p>Computed on the event loop without blocking (the meters are counters and gauges over
 * atomics). Stateless.
 */
final class StatusPage {

    private static final String PREFIX = "reactive.audio.";
    private static final String CONNECTIONS = PREFIX + "connections";
    private static final JsonFactory JSON = new JsonFactory();

    private StatusPage() {
    }

    /**
     * The status of the server as JSON (see the class comment).
     *
     * @param registry the server's meters
     * @param connections connections open now
     * @param maxCredit the server's most outstanding credit per connection
     * @param uptimeNanos nanoseconds since the server started
     */
    static String json(MeterRegistry registry, int connections, int maxCredit, long uptimeNanos) {
        Map<String, Map<String, Double>> streams = new TreeMap<>();
        Map<String, Map<String, Map<String, Double>>> clients = new TreeMap<>();
        Map<String, Double> others = new TreeMap<>();
        for (Meter meter : registry.getMeters()) {
            Meter.Id id = meter.getId();
            if (id.getName().equals(CONNECTIONS)) {
                continue;
            }
            String stream = id.getTag("stream");
            String client = id.getTag("client");
            Map<String, Double> into;
            if (stream == null) {
                into = others;
            } else if (client == null) {
                into = streams.computeIfAbsent(stream, s -> new TreeMap<>());
            } else {
                streams.computeIfAbsent(stream, s -> new TreeMap<>());
                into = clients.computeIfAbsent(stream, s -> new TreeMap<>()).computeIfAbsent(client, c -> new TreeMap<>());
            }
            put(into, meter);
        }
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("uptime_seconds", uptimeNanos / 1e9);
            json.writeNumberField("connections", connections);
            json.writeNumberField("max_credit", maxCredit);
            json.writeArrayFieldStart("streams");
            for (Map.Entry<String, Map<String, Double>> stream : streams.entrySet()) {
                json.writeStartObject();
                json.writeStringField("name", stream.getKey());
                writeMeters(json, "meters", stream.getValue());
                json.writeArrayFieldStart("clients");
                for (Map.Entry<String, Map<String, Double>> client
                        : clients.getOrDefault(stream.getKey(), Map.of()).entrySet()) {
                    json.writeStartObject();
                    json.writeStringField("client", client.getKey());
                    writeMeters(json, "meters", client.getValue());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            writeMeters(json, "meters", others);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the status to a string", e);
        }
        return out.toString();
    }

    /** Adds the meter's measurements under their keys (see the class comment). */
    private static void put(Map<String, Double> into, Meter meter) {
        Meter.Id id = meter.getId();
        String name = id.getName().startsWith(PREFIX) ? id.getName().substring(PREFIX.length()) : id.getName();
        String key = name.replace('.', '_');
        String unit = id.getBaseUnit();
        if (unit != null && !key.endsWith("_" + unit)) {
            key += "_" + unit;
        }
        List<Measurement> measurements = new ArrayList<>();
        meter.measure().forEach(measurements::add);
        for (Measurement m : measurements) {
            String statistic = measurements.size() == 1 ? "" : "_" + m.getStatistic().getTagValueRepresentation();
            into.put(key + statistic, m.getValue());
        }
    }

    private static void writeMeters(JsonGenerator json, String field, Map<String, Double> meters) throws IOException {
        json.writeObjectFieldStart(field);
        for (Map.Entry<String, Double> meter : meters.entrySet()) {
            double value = meter.getValue();
            if (Double.isFinite(value)) {
                json.writeNumberField(meter.getKey(), value);
            } else {
                json.writeNullField(meter.getKey());
            }
        }
        json.writeEndObject();
    }

    /**
     * The page: plain HTML, CSS and JavaScript. It fetches {@code status.json} once a second; each
     * figure has an {@code id} (the summary) or sits in a row with a {@code data-stream} or
     * {@code data-client} attribute (the tables), so that a test can find it.
     */
    static final String HTML = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>reactive-audio server</title>
            <style>
              body { font: 14px system-ui, sans-serif; margin: 24px; color: #1b1f24; background: #f6f8fa; }
              h1 { font-size: 20px; margin: 0 0 4px; }
              .sub { color: #57606a; margin-bottom: 16px; }
              .cards { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 20px; }
              .card { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 10px 14px; min-width: 130px; }
              .card .label { color: #57606a; font-size: 12px; }
              .card .value { font-size: 22px; font-variant-numeric: tabular-nums; }
              table { border-collapse: collapse; background: #fff; margin-bottom: 20px; }
              th, td { border: 1px solid #d0d7de; padding: 4px 10px; text-align: right; font-variant-numeric: tabular-nums; }
              th:first-child, td:first-child { text-align: left; }
              h2 { font-size: 16px; margin: 8px 0; }
              #error { color: #cf222e; }
            </style>
            </head>
            <body>
            <h1>reactive-audio server</h1>
            <div class="sub">up <span id="uptime">-</span> &middot; refreshed <span id="polls">0</span> times
              &middot; <span id="error"></span></div>
            <div class="cards">
              <div class="card"><div class="label">streams</div><div class="value" id="streams">-</div></div>
              <div class="card"><div class="label">connected clients</div><div class="value" id="connections">-</div></div>
              <div class="card"><div class="label">credit outstanding</div><div class="value" id="credit">-</div></div>
              <div class="card"><div class="label">batches/s sent</div><div class="value" id="batch-rate">-</div></div>
              <div class="card"><div class="label">MB/s sent</div><div class="value" id="byte-rate">-</div></div>
              <div class="card"><div class="label">decode (frames/s)</div><div class="value" id="decode-rate">-</div></div>
              <div class="card"><div class="label">pool use (batches held)</div><div class="value" id="pool-use">-</div></div>
              <div class="card"><div class="label">dropped (files, redealt)</div><div class="value" id="drops">-</div></div>
            </div>
            <h2>Streams</h2>
            <table id="stream-table"><thead><tr><th>stream</th><th>clients</th><th>batches made</th><th>made/s</th>
              <th>held</th><th>decoded files</th><th>decode frames/s</th><th>problem files</th><th>redealt</th></tr></thead>
              <tbody></tbody></table>
            <h2>Clients</h2>
            <table id="client-table"><thead><tr><th>client</th><th>stream</th><th>batches sent</th><th>batches/s</th>
              <th>MB/s</th><th>credit outstanding</th></tr></thead><tbody></tbody></table>
            <div id="meters" hidden><h2>Other meters</h2>
            <table id="meter-table"><thead><tr><th>meter</th><th>value</th></tr></thead><tbody></tbody></table></div>
            <script>
            "use strict";
            let previous = null;
            let polls = 0;
            const number = (v, digits) => v == null ? "-" : v.toLocaleString("en-US", {maximumFractionDigits: digits});
            const meter = (m, key) => (m && m[key] != null) ? m[key] : 0;
            function rate(now, then, seconds) { return then == null || seconds <= 0 ? null : Math.max(0, now - then) / seconds; }
            function cell(row, text) { const td = document.createElement("td"); td.textContent = text; row.appendChild(td); }
            function fill(table, rows) {
              const body = document.querySelector(table + " tbody");
              body.replaceChildren(...rows);
            }
            function duration(s) {
              const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = Math.floor(s % 60);
              return (h ? h + " h " : "") + (h || m ? m + " min " : "") + sec + " s";
            }
            function render(status) {
              const seconds = previous ? status.uptime_seconds - previous.status.uptime_seconds : 0;
              const before = previous ? previous.values : {};
              const values = {};
              let credit = 0, held = 0, clients = 0, problems = 0, redealt = 0;
              let batchRate = null, byteRate = null, decodeRate = null;
              const add = (sum, v) => v == null ? sum : (sum || 0) + v;
              const streamRows = [], clientRows = [];
              for (const s of status.streams) {
                const m = s.meters;
                values["made " + s.name] = meter(m, "batches_made");
                values["frames " + s.name] = meter(m, "decode_frames");
                const madeRate = rate(values["made " + s.name], before["made " + s.name], seconds);
                const frameRate = rate(values["frames " + s.name], before["frames " + s.name], seconds);
                decodeRate = add(decodeRate, frameRate);
                held += meter(m, "batches_held");
                problems += meter(m, "decode_problem_files");
                redealt += meter(m, "batches_redealt");
                clients += s.clients.length;
                const row = document.createElement("tr");
                row.dataset.stream = s.name;
                [s.name, s.clients.length, number(meter(m, "batches_made"), 0), number(madeRate, 1),
                 number(meter(m, "batches_held"), 0), number(meter(m, "decode_files"), 0), number(frameRate, 0),
                 number(meter(m, "decode_problem_files"), 0), number(meter(m, "batches_redealt"), 0)]
                  .forEach(text => cell(row, text));
                streamRows.push(row);
                for (const c of s.clients) {
                  const key = s.name + " " + c.client;
                  values["sent " + key] = meter(c.meters, "batches_sent");
                  values["bytes " + key] = meter(c.meters, "sent_bytes");
                  const sent = rate(values["sent " + key], before["sent " + key], seconds);
                  const bytes = rate(values["bytes " + key], before["bytes " + key], seconds);
                  batchRate = add(batchRate, sent);
                  byteRate = add(byteRate, bytes == null ? null : bytes / 1e6);
                  credit += meter(c.meters, "credit_outstanding");
                  const crow = document.createElement("tr");
                  crow.dataset.client = c.client;
                  [c.client, s.name, number(meter(c.meters, "batches_sent"), 0), number(sent, 1),
                   number(bytes == null ? null : bytes / 1e6, 1), number(meter(c.meters, "credit_outstanding"), 0)]
                    .forEach(text => cell(crow, text));
                  clientRows.push(crow);
                }
              }
              fill("#stream-table", streamRows);
              fill("#client-table", clientRows);
              fill("#meter-table", Object.entries(status.meters).map(([name, value]) => {
                const row = document.createElement("tr");
                row.dataset.meter = name;
                cell(row, name);
                cell(row, number(value, 2));
                return row;
              }));
              document.getElementById("meters").hidden = Object.keys(status.meters).length === 0;
              const limit = status.max_credit * clients;
              document.getElementById("uptime").textContent = duration(status.uptime_seconds);
              document.getElementById("streams").textContent = status.streams.length;
              document.getElementById("connections").textContent = status.connections;
              document.getElementById("credit").textContent = number(credit, 0);
              document.getElementById("batch-rate").textContent = number(batchRate, 1);
              document.getElementById("byte-rate").textContent = number(byteRate, 1);
              document.getElementById("decode-rate").textContent = number(decodeRate, 0);
              document.getElementById("pool-use").textContent = number(held, 0) + (limit ? " of " + limit : "");
              document.getElementById("drops").textContent = number(problems, 0) + ", " + number(redealt, 0);
              previous = {status, values};
            }
            async function poll() {
              try {
                const response = await fetch("status.json", {cache: "no-store"});
                if (!response.ok) throw new Error("status.json: HTTP " + response.status);
                render(await response.json());
                document.getElementById("error").textContent = "";
                document.getElementById("polls").textContent = ++polls;
              } catch (e) {
                document.getElementById("error").textContent = "not refreshed: " + e.message;
              }
              setTimeout(poll, 1000);
            }
            poll();
            </script>
            </body>
            </html>
            """;
}
