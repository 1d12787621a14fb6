package io.reactiveaudio.netty.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.bytes.TarWriter;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.netty.server.AudioServer;
import io.reactiveaudio.netty.server.BatchSource;
import io.reactiveaudio.pipeline.AudioPipeline;
import io.reactiveaudio.source.Sources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code .json} members of a shard corpus reach a remote trainer: each served BATCH carries
 * its items' metadata texts ({@code item_metadata}), in item order, as the local batches have
 * them, quotes, newlines and non-ASCII text included; items without one get the empty string.
 */
class ServedItemMetadataTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void eachServedBatchCarriesItsItemsJsonAsTheLocalBatch() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("folder"));
        TestCorpus.write(folder, 9);
        List<Path> files = Sources.directory(folder).scan().sources().stream().map(AudioSource::path).toList();
        Path shards = Files.createDirectories(dir.resolve("shards"));
        for (int s = 0; s < 2; s++) {
            try (TarWriter tar = new TarWriter(Files.newOutputStream(shards.resolve("shard-" + s + ".tar")))) {
                for (int i = s; i < files.size(); i += 2) {
                    tar.add(i + ".wav", Files.readAllBytes(files.get(i)));
                    if (i % 3 != 0) {
                        String text = "{\"speaker\": \"Zoë \\\"" + i + "\\\"\",\n \"turns\": [" + i + "]}";
                        tar.add(i + ".json", text.getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        }
        AudioPipeline pipeline = AudioPipeline.from(Sources.shards(shards.toString()).scan())
                .conform(16_000, ChannelPolicy.stereo()).frames(2_000).shuffle(8).batch(3).seed(4);
        List<List<String>> local = new ArrayList<>();
        pipeline.epochs(1).flux().doOnNext(batch -> {
            try (batch) {
                local.add(batch.metadata());
            }
        }).blockLast(TIMEOUT);
        assertTrue(local.stream().flatMap(List::stream).anyMatch(t -> t.contains("Zoë \\\"")), local.toString());
        assertTrue(local.stream().flatMap(List::stream).anyMatch(String::isEmpty), local.toString());

        AudioServer server = AudioServer.builder().stream("train", BatchSource.of(pipeline, 1)).bindNow();
        try {
            List<List<String>> served = new ArrayList<>();
            AudioClient.builder("127.0.0.1", server.port()).stream("train").seed(4).reconnects(0).build().batches()
                    .doOnNext(batch -> {
                        try (batch) {
                            served.add(batch.itemMetadata());
                        }
                    }).blockLast(TIMEOUT);
            assertEquals(local, served);
        } finally {
            server.dispose();
        }
    }
}
