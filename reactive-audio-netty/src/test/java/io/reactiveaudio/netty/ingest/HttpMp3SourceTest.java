package io.reactiveaudio.netty.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.reactiveaudio.codec.mp3.Mp3StreamDecoder;
import io.reactiveaudio.live.LiveChunk;
import io.reactiveaudio.live.LiveFormat;
import io.reactiveaudio.live.PushSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

class HttpMp3SourceTest {

    private static final Path MP3 = Path.of("../reactive-audio/src/test/resources/fixtures/mp3/cbr128_stereo_44k.mp3");

    private byte[] mp3;
    private DisposableServer server;

    /**
     * Serves the MP3 at /stream in blocks of 700 bytes, 2 ms apart, like a live radio; /junk-first
     * the same after 3 000 bytes that are no MP3; /missing is 404.
     */
    @BeforeEach
    void serve() throws IOException {
        mp3 = Files.readAllBytes(MP3);
        List<byte[]> blocks = blocks(mp3);
        List<byte[]> junkFirst = blocks(junkFirst());
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes
                        .get("/stream", (request, response) -> response.header("content-type", "audio/mpeg")
                                .send(Flux.fromIterable(blocks).delayElements(Duration.ofMillis(2))
                                        .map(Unpooled::wrappedBuffer)))
                        .get("/junk-first", (request, response) -> response.header("content-type", "audio/mpeg")
                                .send(Flux.fromIterable(junkFirst).map(Unpooled::wrappedBuffer)))
                        .get("/missing", (request, response) -> response.status(404).send()))
                .bindNow();
    }

    private static List<byte[]> blocks(byte[] bytes) {
        List<byte[]> blocks = new ArrayList<>();
        for (int at = 0; at < bytes.length; at += 700) {
            blocks.add(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 700)));
        }
        return blocks;
    }

    /** 3 000 bytes of a repeated ASCII line, then the MP3. */
    private byte[] junkFirst() {
        byte[] junk = "not an mp3 frame\n".repeat(200).substring(0, 3_000).getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(junk, junk.length + mp3.length);
        System.arraycopy(mp3, 0, all, junk.length, mp3.length);
        return all;
    }

    @AfterEach
    void stop() {
        server.disposeNow();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private static float[] concat(List<LiveChunk> chunks, int channels) {
        float[] all = new float[chunks.stream().mapToInt(c -> c.frames() * channels).sum()];
        int at = 0;
        for (LiveChunk c : chunks) {
            System.arraycopy(c.samples(), 0, all, at, c.frames() * channels);
            at += c.frames() * channels;
        }
        return all;
    }

    @Test
    void decodesTheStreamIncrementallyIntoTheLiveSource() {
        LiveFormat format = new LiveFormat(44_100, 2);
        HttpMp3Source source = HttpMp3Source.of(url("/stream"), PushSource.builder(format).build());

        List<LiveChunk> chunks = source.flux().collectList().block(Duration.ofSeconds(10));

        Mp3StreamDecoder reference = new Mp3StreamDecoder("reference");
        float[] pushed = reference.push(mp3, 0, mp3.length);
        float[] last = reference.finish();
        float[] expected = Arrays.copyOf(pushed, pushed.length + last.length);
        System.arraycopy(last, 0, expected, pushed.length, last.length);
        assertTrue(chunks.size() > 1, "decoded as the bytes arrived, not at the end");
        float[] received = concat(chunks, 2);
        assertArrayEquals(expected, received, 0f);
        for (int i = 1; i < chunks.size(); i++) {
            assertEquals(chunks.get(i - 1).end(), chunks.get(i).position());
        }
    }

    @Test
    void bringsTheStreamToTheDeclaredRateAndChannels() {
        HttpMp3Source source = HttpMp3Source.of(url("/stream"), PushSource.builder(LiveFormat.mono(16_000)).build());

        long frames = source.flux().map(LiveChunk::frames).reduce(0, Integer::sum).block(Duration.ofSeconds(10));

        Mp3StreamDecoder reference = new Mp3StreamDecoder("reference");
        long streamFrames = (reference.push(mp3, 0, mp3.length).length + reference.finish().length) / 2;
        long expected = (streamFrames * 160 + 440) / 441;
        assertEquals(expected, frames, "ceil(frames * 16000 / 44100) for " + streamFrames + " frames at 44.1 kHz, "
                + "the resampler's tail included");
    }

    @Test
    void bytesTheDecoderSkipsAreCountedAsIgnoredForTheStream() {
        HttpMp3Source source = HttpMp3Source.of(url("/junk-first"), PushSource.builder(LiveFormat.mono(16_000)).build());

        source.flux().then().block(Duration.ofSeconds(10));

        Mp3StreamDecoder reference = new Mp3StreamDecoder("reference");
        byte[] all = junkFirst();
        reference.push(all, 0, all.length);
        reference.finish();
        assertTrue(reference.skippedBytes() >= 3_000, "the junk is skipped: " + reference.skippedBytes());
        assertEquals(reference.skippedBytes(), source.stats().snapshot().ignoredBytes());
    }

    @Test
    void anHttpErrorFailsTheStreamNamingTheUrl() {
        HttpMp3Source source = HttpMp3Source.of(url("/missing"), PushSource.builder(LiveFormat.mono(16_000)).build());

        StepVerifier.create(source.flux())
                .expectErrorSatisfies(e -> assertTrue(e.getMessage().contains("HTTP 404 from " + url("/missing")),
                        e.getMessage()))
                .verify(Duration.ofSeconds(10));
    }
}
