package io.reactiveaudio.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Apache Kafka broker in KRaft mode (one process that is both broker and controller), run
 * from Kafka's own jars on the test class path in a child JVM on loopback: no Docker, no mock. The
 * child is a process of its own so a test can kill it and start it again on the same ports and log
 * directory ({@link #restart()}), as an operator restarts a broker. A test class registers one,
 * started before its tests and stopped after them:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaBroker broker = KafkaBroker.forTests();
 * }</pre>
 *
 * <p>Public for the CLI's tests, which get it from this module's test jar. Not thread-safe.
 */
public final class KafkaBroker implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    private static final long START_TIMEOUT_MS = 60_000;

    /** Attempts to start on fresh ports when the broker process dies at once (a port taken meanwhile). */
    private static final int ATTEMPTS = 3;

    private final String clusterId = base64Uuid();
    private int port;
    private int controllerPort;
    private Path dir;
    private Process process;

    private KafkaBroker() {
    }

    /** A broker for a test class's extension: started before its tests, stopped after them. */
    public static KafkaBroker forTests() {
        return new KafkaBroker();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            port = freePort();
            do {
                controllerPort = freePort();
            } while (controllerPort == port);
            dir = Files.createTempDirectory("kafka-broker");
            Files.writeString(dir.resolve("server.properties"), config());
            Process format = run("kafka.tools.StorageTool", "format", "-t", clusterId, "-c",
                    dir.resolve("server.properties").toString(), "--standalone");
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                throw new IllegalStateException("formatting the Kafka log directory failed: " + logTail());
            }
            try {
                launch();
                return;
            } catch (IllegalStateException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                deleteDir();
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException, IOException {
        close();
        deleteDir();
    }

    private void deleteDir() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** The bootstrap address, {@code 127.0.0.1:port}. */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Creates {@code topic} with {@code partitions} partitions (replication 1). */
    public void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Kills the broker process (no clean shutdown) and starts it again on the same ports and data. */
    void restart() throws IOException, InterruptedException {
        kill();
        launch();
    }

    /** Kills the broker process at once, as a crash would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts the broker process (after {@link #kill()}); returns once it accepts connections. */
    void launch() throws IOException, InterruptedException {
        process = run("kafka.Kafka", dir.resolve("server.properties").toString());
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (!accepts()) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("the Kafka broker on port " + port + " did not start within "
                        + START_TIMEOUT_MS + " ms (process " + (process.isAlive() ? "running" : "ended") + "): "
                        + logTail());
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The last lines of the broker's log, for an error message (the directory is deleted after the tests). */
    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("broker.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "no log: " + e;
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Process run(String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile())).start();
    }

    private String config() {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("data").toString());
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "4");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("num.partitions", "1");
        p.setProperty("auto.create.topics.enable", "false");
        StringBuilder text = new StringBuilder();
        p.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return text.toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A cluster id as Kafka writes them: a random UUID, URL-safe base64 without padding. */
    private static String base64Uuid() {
        UUID uuid = UUID.randomUUID();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }
}
