package io.reactiveaudio.kafka;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A consumer process of a group, for the scale-out tests: reads every stream of a topic and writes
 * one line {@code stream position frames} per chunk to a file, flushed, and only then acknowledges
 * the chunk ({@link CommitPoint#ACKNOWLEDGED}), so a line exists for every committed record. Runs
 * until killed.
 */
final class GroupMember {

    private GroupMember() {
    }

    /** Arguments: bootstrap servers, topic, group, output file. */
    public static void main(String[] args) throws IOException, InterruptedException {
        try (PrintStream out = new PrintStream(new FileOutputStream(Path.of(args[3]).toFile(), true), false);
                KafkaIngestion ingestion = KafkaIngest.of(args[0], args[1], args[2])
                        .commitOn(CommitPoint.ACKNOWLEDGED).commitInterval(java.time.Duration.ofMillis(50))
                        .start()) {
            ingestion.streams().subscribe(stream -> stream.source().flux().subscribe(chunk -> {
                synchronized (out) {
                    out.println(stream.id() + " " + chunk.position() + " " + chunk.frames());
                    out.flush();
                }
                stream.acknowledge(chunk.end());
            }));
            new CountDownLatch(1).await();
        }
    }

    /** Starts a member in a child JVM on the test class path. */
    static Process start(String bootstrap, String topic, String group, Path out) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                GroupMember.class.getName(), bootstrap, topic, group, out.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.resolveSibling(out.getFileName() + ".log").toFile()))
                .start();
    }
}
