package io.reactiveaudio.kafka;

import io.reactiveaudio.live.LiveFeatures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A consumer process for the exactly-once test: reads every stream of a topic, publishes its
 * log-mel ({@link KafkaResultSinkTest#LOG_MEL}) through a transactional sink that also commits the
 * offsets ({@link KafkaIngest#exactlyOnce}). Runs until killed.
 */
final class ExactlyOnceMember {

    private ExactlyOnceMember() {
    }

    /** Arguments: bootstrap servers, input topic, output topic, group, transactional id. */
    public static void main(String[] args) throws InterruptedException {
        KafkaResultSink sink = KafkaResultSink.transactional(args[0], args[2], args[4], Map.of());
        KafkaIngestion ingestion = KafkaIngest.of(args[0], args[1], args[3]).exactlyOnce(sink)
                .property("session.timeout.ms", 6_000).start();
        ingestion.streams().subscribe(stream -> sink.features(stream, stream.source().flux()
                        .transform(LiveFeatures.of(KafkaResultSinkTest.LOG_MEL)), 160)
                .subscribe(sent -> { }, error -> System.err.println("stream " + stream.id() + " failed: " + error)));
        System.err.println("started");
        new CountDownLatch(1).await();
    }

    /** Starts a member in a child JVM on the test class path, its output appended to {@code log}. */
    static Process start(String bootstrap, String in, String out, String group, String transactionalId, Path log)
            throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                ExactlyOnceMember.class.getName(), bootstrap, in, out, group, transactionalId)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }
}
