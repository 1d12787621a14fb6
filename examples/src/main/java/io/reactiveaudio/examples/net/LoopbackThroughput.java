package io.reactiveaudio.examples.net;

import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.Layout;
import io.reactiveaudio.netty.client.AudioClient;
import io.reactiveaudio.netty.server.AudioServer;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Loopback payload throughput of the server, from a pipeline of ready-made batches (no
 * decoding), to the Java client and to the Python client, next to plain loopback copies of the
 * same number of bytes measured in the same round: a pair of Java threads (once with the kernel's
 * autotuned send buffer, once with the server's), and {@code iperf3} and {@code socat} where they
 * are installed. The fastest copy is the round's ceiling. A client's rate
 * is timed from its first batch to its last, so that connecting and starting the stream do not
 * count. Each client runs in a process of its own, as a trainer does; the Java client's JVM
 * receives twice a round's batches first, to warm up (on a loaded machine its JIT compilers were
 * still busy after one round's worth), and the Python client a quarter of them once before the
 * first round. The server, a long-running process in use, is warmed up first too, by two Java
 * clients of a round each (three rounds' batches each, with their own warm-up), not counted: its
 * JIT compilers were still at work in the first round after one client of half a round. The clients take turns at going first in a round.
 * Prints a Markdown table, a row per round, in MB/s (10^6 bytes of BATCH payload per second), with
 * the ratios to the ceiling, the CPU time each client's process spent per batch (all its
 * threads, from connecting to the last batch: less sensitive than the rates to a loaded machine),
 * the CPU time the server (this process, all its threads) spent per batch while it served each
 * client (the Java client's warm-up batches included), and the median ratios.
 *
 * <p>Usage: {@code LoopbackThroughput [batchMiB=2] [batches=1000] [rounds=3] [maxCredit=8]
 * [--python /usr/bin/python3|none] [--python-client examples/python/reactive_audio_client.py]
 * [--tools iperf3,socat] [--send-buffer BYTES]} (the server's send buffer: 0 for the kernel's
 * autotuning; by default the server's own choice, 512 KiB for a loopback peer). Or serves forever for other clients:
 * {@code LoopbackThroughput serve PORT [batchMiB] [maxCredit] [sendBuffer]}; or is the Java client of a round,
 * printing its rate as JSON: {@code LoopbackThroughput client PORT batches}.
 */
public final class LoopbackThroughput {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private LoopbackThroughput() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("serve")) {
            int port = Integer.parseInt(args[1]);
            int mib = args.length > 2 ? Integer.parseInt(args[2]) : 2;
            int credit = args.length > 3 ? Integer.parseInt(args[3]) : 8;
            int sendBuffer = args.length > 4 ? Integer.parseInt(args[4]) : -1;
            AudioServer server = server(port, mib, credit, sendBuffer);
            System.out.println("serving stream bench, ready-made batches of " + mib + " MiB, max credit " + credit
                    + ", on 127.0.0.1:" + server.port());
            server.onDispose().block();
            return;
        }
        if (args.length > 0 && args[0].equals("client")) {
            int port = Integer.parseInt(args[1]);
            int batches = Integer.parseInt(args[2]);
            Timed timed = javaClient(port, 2 * batches, batches);
            System.out.printf(Locale.ROOT, "{\"megabytes_per_second\": %.3f, \"cpu_seconds\": %.6f}%n",
                    timed.megabytesPerSecond, timed.cpuSeconds);
            return;
        }
        Options options = Options.parse(args);
        AudioServer server = server(0, options.mib, options.credit, options.sendBuffer);
        try {
            rounds(options, server.port());
        } finally {
            server.dispose();
        }
    }

    private static void rounds(Options options, int port) throws IOException, InterruptedException {
        long bytesPerRound = (long) options.batches * options.mib << 20;
        System.out.printf(Locale.ROOT, "%d MiB batches, %d per client per round, max credit %d, send buffer %s;"
                + " load average %s%n%n", options.mib, options.batches, options.credit,
                options.sendBuffer < 0 ? "the server's default" : options.sendBuffer == 0 ? "autotuned"
                        : options.sendBuffer + " bytes", loadAverage());
        int serversSendBuffer = options.sendBuffer < 0 ? AudioServer.LOOPBACK_SEND_BUFFER_BYTES : options.sendBuffer;
        StringBuilder head = new StringBuilder("| round | java MB/s | python MB/s | java copy MB/s | java copy, "
                + (serversSendBuffer == 0 ? "autotuned" : serversSendBuffer / 1024 + " KiB") + " send buffer MB/s |");
        options.tools.forEach(tool -> head.append(' ').append(tool).append(" MB/s |"));
        System.out.println(head + " ceiling MB/s | java/ceiling | python/ceiling | java CPU ms/batch"
                + " | python CPU ms/batch | server CPU ms/batch, java | server CPU ms/batch, python |");
        System.out.println("|---".repeat(12 + options.tools.size()) + "|");
        javaProcess(port, options.batches);
        javaProcess(port, options.batches);
        if (options.python != null) {
            pythonClient(options, port, Math.max(2, options.batches / 4));
        }
        Run none = new Run(Double.NaN, Double.NaN, Double.NaN);
        double[] javaRatios = new double[options.rounds];
        double[] pythonRatios = new double[options.rounds];
        for (int round = 0; round < options.rounds; round++) {
            boolean javaFirst = round % 2 == 0;
            Run java = javaFirst ? javaProcess(port, options.batches) : none;
            Run python = options.python == null ? none : pythonClient(options, port, options.batches);
            if (!javaFirst) {
                java = javaProcess(port, options.batches);
            }
            double autotuned = LoopbackCopy.javaSockets(bytesPerRound, 0);
            double likeServer = LoopbackCopy.javaSockets(bytesPerRound, serversSendBuffer);
            double ceiling = Math.max(autotuned, likeServer);
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.0f | %.0f |",
                    round + 1, java.megabytesPerSecond, python.megabytesPerSecond, autotuned, likeServer));
            for (String tool : options.tools) {
                double copy = tool.equals("iperf3") ? LoopbackCopy.iperf3(bytesPerRound)
                        : LoopbackCopy.socat(bytesPerRound);
                row.append(String.format(Locale.ROOT, " %.0f |", copy));
                ceiling = Math.max(ceiling, copy);
            }
            javaRatios[round] = java.megabytesPerSecond / ceiling;
            pythonRatios[round] = python.megabytesPerSecond / ceiling;
            System.out.println(row + String.format(Locale.ROOT, " %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |",
                    ceiling, javaRatios[round], pythonRatios[round], java.cpuSeconds * 1e3 / options.batches,
                    python.cpuSeconds * 1e3 / options.batches, java.serverCpuSeconds * 1e3 / (3 * options.batches),
                    python.serverCpuSeconds * 1e3 / options.batches));
        }
        System.out.printf(Locale.ROOT, "%nmedian of the rounds: java %.2f, python %.2f of the ceiling; load average %s%n",
                median(javaRatios), median(pythonRatios), loadAverage());
    }

    /**
     * A server whose stream {@code bench} gives endless ready-made batches of {@code mib} MiB of
     * float32 (8 items, mono): each connection's pool buffers are filled once, when the stream
     * opens, and every batch wraps a buffer taken from the pool as it stands, on a parallel
     * thread as a pipeline's batcher makes batches. So a round measures the serving alone: per
     * batch, its frame header and one write of its pooled buffer. {@code sendBuffer} is the
     * connections' send buffer in bytes, 0 for the kernel's autotuning, -1 for the server's default.
     */
    static AudioServer server(int port, int mib, int credit, int sendBuffer) {
        int items = 8;
        int frames = (mib << 20) / Float.BYTES / items;
        AudioServer.Builder builder = sendBuffer < 0 ? AudioServer.builder()
                : AudioServer.builder().sendBuffer(sendBuffer);
        return builder
                .stream("bench", request -> {
                    BufferPool pool = filledPool(items * frames, credit + 2);
                    return Flux.range(0, Integer.MAX_VALUE)
                            .map(k -> Batch.wrap(pool, pool.acquire(), Layout.BTC, items, frames, 1, 16_000))
                            .subscribeOn(Schedulers.parallel(), true);
                })
                .port(port)
                .maxCredit(credit)
                .bindNow();
    }

    /** A pool of {@code buffers} buffers, each allocated now and holding the same {@code samples} floats. */
    private static BufferPool filledPool(int samples, int buffers) {
        BufferPool pool = new BufferPool(samples * Float.BYTES, buffers);
        List<ByteBuffer> all = new ArrayList<>();
        for (int b = 0; b < buffers; b++) {
            ByteBuffer buffer = pool.acquire();
            for (int i = 0; i < samples; i++) {
                buffer.putFloat(i * Float.BYTES, (i % 1000) / 1000f);
            }
            all.add(buffer);
        }
        all.forEach(pool::release);
        return pool;
    }

    /**
     * MB/s of BATCH payload (the whole safetensors blob) received by {@link AudioClient} on one
     * connection, as a trainer holds it: {@code warmup} batches first, then {@code timed} ones,
     * timed from the last warm-up batch to the last batch, with the process's CPU time over the
     * same span.
     */
    static Timed javaClient(int port, int warmup, int timed) {
        AtomicLong bytes = new AtomicLong();
        AtomicLong count = new AtomicLong();
        long[] start = new long[2];
        AudioClient.builder("127.0.0.1", port).stream("bench").build().batches()
                .take(warmup + timed)
                .doOnNext(batch -> {
                    long n = count.incrementAndGet();
                    if (n == warmup) {
                        start[0] = System.nanoTime();
                        start[1] = processCpuNanos();
                    } else if (n > warmup) {
                        bytes.addAndGet(batch.blob().remaining());
                    }
                    batch.release();
                })
                .blockLast(TIMEOUT);
        double seconds = (System.nanoTime() - start[0]) / 1e9;
        return new Timed(bytes.get() / 1e6 / seconds, (processCpuNanos() - start[1]) / 1e9);
    }

    /** A client's rate in MB/s and the CPU seconds its process spent over the timed span. */
    record Timed(double megabytesPerSecond, double cpuSeconds) {
    }

    /**
     * MB/s of BATCH payload received by {@link AudioClient} in a JVM of its own, as a trainer's
     * (this class's {@code client} mode): on one connection it receives twice {@code batches} to
     * warm up, then {@code batches} timed.
     */
    static Run javaProcess(int port, int batches) throws IOException, InterruptedException {
        long serverCpu = processCpuNanos();
        String java = ProcessHandle.current().info().command().orElse("java");
        String json = Commands.run(List.of(java, "-cp", System.getProperty("java.class.path"),
                LoopbackThroughput.class.getName(), "client", Integer.toString(port), Integer.toString(batches)), TIMEOUT);
        return new Run(Commands.jsonNumber(json, "megabytes_per_second"), Commands.jsonNumber(json, "cpu_seconds"),
                (processCpuNanos() - serverCpu) / 1e9);
    }

    /**
     * MB/s of BATCH payload received by the Python client's command line, in its own process, from
     * the first batch to the last (the batches are all of one size).
     */
    static Run pythonClient(Options options, int port, int batches) throws IOException, InterruptedException {
        long serverCpu = processCpuNanos();
        String json = Commands.run(List.of(options.python, options.pythonClient.toString(), "127.0.0.1:" + port,
                "--stream", "bench", "--batches", Integer.toString(batches), "--no-checksum", "--json"),
                TIMEOUT);
        if (Commands.jsonNumber(json, "batches") != batches) {
            throw new IOException("the Python client received fewer batches than asked: " + json);
        }
        double bytes = Commands.jsonNumber(json, "bytes") * (batches - 1) / batches;
        double seconds = Commands.jsonNumber(json, "seconds") - Commands.jsonNumber(json, "first_batch_seconds");
        return new Run(bytes / 1e6 / seconds, Commands.jsonNumber(json, "cpu_seconds"),
                (processCpuNanos() - serverCpu) / 1e9);
    }

    /** CPU time of this process, all its threads, in nanoseconds. */
    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return String.join(" ", Arrays.copyOf(fields, 3)) + " (" + Runtime.getRuntime().availableProcessors()
                    + " cores)";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * A client's receiving rate, the CPU time its process spent receiving (all its threads), and
     * the CPU time this process, the server, spent meanwhile.
     */
    private record Run(double megabytesPerSecond, double cpuSeconds, double serverCpuSeconds) {
    }

    /** The command line of a benchmark run. */
    private record Options(int mib, int batches, int rounds, int credit, int sendBuffer, String python,
                           Path pythonClient, List<String> tools) {

        static Options parse(String[] args) {
            List<Integer> numbers = new ArrayList<>();
            String python = "/usr/bin/python3";
            int sendBuffer = -1;
            Path client = Path.of("examples/python/reactive_audio_client.py");
            List<String> tools = new ArrayList<>(Commands.onPath("iperf3") ? List.of("iperf3") : List.of());
            if (Commands.onPath("socat")) {
                tools.add("socat");
            }
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--python" -> python = args[++i].equals("none") ? null : args[i];
                    case "--python-client" -> client = Path.of(args[++i]);
                    case "--send-buffer" -> sendBuffer = Integer.parseInt(args[++i]);
                    case "--tools" -> tools = args[++i].isEmpty() ? List.of() : List.of(args[i].split(","));
                    default -> numbers.add(Integer.parseInt(args[i]));
                }
            }
            for (String tool : tools) {
                if (!tool.equals("iperf3") && !tool.equals("socat")) {
                    throw new IllegalArgumentException("--tools takes iperf3 and socat, not " + tool);
                }
            }
            if (python != null && !Files.isRegularFile(client)) {
                throw new IllegalArgumentException("no Python client at " + client.toAbsolutePath()
                        + ": run from the project's root, or give --python-client FILE or --python none");
            }
            int[] n = {2, 1000, 3, 8};
            for (int i = 0; i < Math.min(n.length, numbers.size()); i++) {
                n[i] = numbers.get(i);
            }
            return new Options(n[0], n[1], n[2], n[3], sendBuffer, python, client, tools);
        }
    }
}
