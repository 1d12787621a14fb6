package io.reactiveaudio.remote;

import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.pipeline.AudioPipeline;
import io.reactiveaudio.source.ShardWriter;
import io.reactiveaudio.source.SourceSet;
import io.reactiveaudio.source.Sources;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The benchmark of docs/benchmarks.md, "Shards from disk, HTTP and S3": packs a folder into shards,
 * serves them from S3Proxy and a Reactor Netty range server on loopback, and runs the training
 * pipeline of {@code bench} (44.1 kHz stereo, random prepend, shuffle window of 1 000 segments filled
 * with {@code INITIAL_FILL} before the first leaves, batches of 32 segments of 196 608 frames) over the
 * loose folder, the local shards, HTTP and S3 in alternating rounds, printing batches/s after a
 * warm-up, the first-batch latency and a checksum of the timed batches per run. A program, not a
 * test: {@code java -cp ... io.reactiveaudio.remote.ShardSourcesBench FOLDER WORKDIR [SHARD_BYTES] [ROUNDS] [TIMED_BATCHES] [INITIAL_FILL]}.
 */
public final class ShardSourcesBench {

    private static final int WARMUP = 5;
    private static int timed = 40;
    private static int initialFill = 1_000;

    private ShardSourcesBench() {
    }

    /** Runs the benchmark; see the class comment for the arguments. Blocks until every run has finished. */
    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        Path work = Path.of(args[1]);
        long shardBytes = args.length > 2 ? Long.parseLong(args[2]) : 16L << 20;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        timed = args.length > 4 ? Integer.parseInt(args[4]) : timed;
        initialFill = args.length > 5 ? Integer.parseInt(args[5]) : initialFill;
        SourceSet files = Sources.directory(folder).scan();
        Path shards = work.resolve("www/train");
        int count;
        try (ShardWriter writer = new ShardWriter(shards, shardBytes)) {
            files.sources().forEach(writer::add);
            writer.close();
            count = writer.shards().size();
        }
        Path bucket = Files.createDirectories(work.resolve("s3/corpus/train"));
        try (var list = Files.list(shards)) {
            for (Path f : list.toList()) {
                Files.copy(f, bucket.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        String range = String.format("train/shard-{000000..%06d}.tar", count - 1);
        try (S3Server s3 = new S3Server(work.resolve("s3")); RangeFileServer http = new RangeFileServer(work.resolve("www"))) {
            System.setProperty("aws.accessKeyId", S3Server.ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", S3Server.SECRET_KEY);
            RemoteProvider.configure(RemoteSettings.defaults()
                    .withS3Endpoint(URI.create("http://127.0.0.1:" + s3.port()), true).withS3Region("us-east-1"));
            Map<String, String> specs = new LinkedHashMap<>();
            specs.put("local shards", shards.toString());
            specs.put("s3", "s3://corpus/" + range);
            specs.put("http", "http://127.0.0.1:" + http.port() + "/" + range);
            System.out.printf(Locale.ROOT, "%d files packed into %d shards of at most %d bytes%n", files.size(), count, shardBytes);
            for (int round = 0; round < rounds; round++) {
                run("folder", files);
                for (Map.Entry<String, String> spec : specs.entrySet()) {
                    long listStart = System.nanoTime();
                    SourceSet set = Sources.shards(spec.getValue()).scan();
                    double listSeconds = (System.nanoTime() - listStart) / 1e9;
                    run(spec.getKey() + String.format(Locale.ROOT, " (listed in %.3f s)", listSeconds), set);
                }
            }
            System.out.println("remote: " + RemoteProvider.stats());
        }
    }

    private static void run(String name, SourceSet sources) {
        AudioPipeline pipeline = AudioPipeline.from(sources).conform(44_100, ChannelPolicy.stereo()).frames(196_608)
                .shuffle(1_000).initialFill(initialFill).batch(32).seed(0).epochs(1);
        CRC32C crc = new CRC32C();
        List<Long> arrivals = new ArrayList<>();
        long start = System.nanoTime();
        pipeline.flux().take(WARMUP + timed).doOnNext(b -> {
            arrivals.add(System.nanoTime());
            if (arrivals.size() > WARMUP) {
                crc.update(b.bytes());
            }
            b.release();
        }).blockLast(Duration.ofMinutes(10));
        double first = (arrivals.get(0) - start) / 1e9;
        double timed = (arrivals.get(arrivals.size() - 1) - arrivals.get(WARMUP - 1)) / 1e9;
        System.out.printf(Locale.ROOT, "%-40s first batch %.3f s, %.2f batches/s over %d batches, checksum %08x%n", name,
                first, (arrivals.size() - WARMUP) / timed, arrivals.size() - WARMUP, crc.getValue());
    }
}
