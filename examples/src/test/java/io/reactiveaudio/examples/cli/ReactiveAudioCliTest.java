package io.reactiveaudio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.DecodedAudio;
import io.reactiveaudio.examples.image.ColorMap;
import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.mel.LogMel;
import io.reactiveaudio.netty.client.AudioClient;
import io.reactiveaudio.netty.client.ReceivedBatch;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReactiveAudioCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void probePrintsOneJsonObjectPerFile() throws IOException {
        Path mp3 = demo("music/01-cbr128.mp3");
        Path wav = demo("speech/03-chirp.wav");

        assertEquals(0, run("probe", mp3.toString(), wav.toString()));

        String[] lines = out.toString().split("\n");
        assertEquals(2, lines.length);
        Map<String, Object> first = parse(lines[0]);
        assertEquals(mp3.toString(), first.get("path"));
        assertEquals("mp3", first.get("format"));
        assertEquals(44_100L, first.get("sample_rate"));
        assertEquals(2L, first.get("channels"));
        assertEquals(17_640L, first.get("frames"));
        assertEquals(0.4, (Double) first.get("duration_s"), 1e-9);
        assertEquals(576L, first.get("encoder_delay"));
        assertEquals(Boolean.FALSE, first.get("vbr"));
        assertTrue(first.containsKey("padding"));
        Map<String, Object> second = parse(lines[1]);
        assertEquals("wav", second.get("format"));
        assertEquals(8_000L, second.get("frames"));
        assertFalse(second.containsKey("encoder_delay"));
    }

    @Test
    void probeOfABadFileFailsWithOneLineNamingIt(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.wav");
        Files.write(bad, "RIFF....WAVEjunk".getBytes(StandardCharsets.US_ASCII));

        assertEquals(1, run("probe", bad.toString()));

        String message = err.toString();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.startsWith("reactive-audio: " + bad), message);
    }

    @Test
    void decodeWritesANumpyArrayShapedFramesByChannels(@TempDir Path dir) throws IOException {
        Path mp3 = demo("music/02-vbr.mp3");
        Path npy = dir.resolve("out.npy");

        assertEquals(0, run("decode", mp3.toString(), "--out", npy.toString()));

        byte[] bytes = Files.readAllBytes(npy);
        String header = new String(bytes, 0, 128, StandardCharsets.ISO_8859_1);
        assertTrue(header.startsWith("\u0093NUMPY"), header);
        assertTrue(header.contains("'descr': '<f4'") && header.contains("'shape': (17640, 2)"), header);
        float[] data = new float[(bytes.length - 128) / 4];
        ByteBuffer.wrap(bytes, 128, bytes.length - 128).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        assertArrayEquals(AudioDecoders.standard().decode(mp3).samples(), data);
    }

    @Test
    void decodeTakesTheDecoderBackendByNameAndRejectsAnUnknownOne(@TempDir Path dir) throws IOException {
        Path mp3 = demo("music/02-vbr.mp3");

        assertEquals(0, run("decode", mp3.toString(), "--decoder", "jlayer", "--out", dir.resolve("j.f32").toString()));
        assertEquals(0, run("decode", mp3.toString(), "--decoder", "ffmpeg", "--stats"));
        assertEquals("ffmpeg", parse(out.toString().strip()).get("decoder"));
        byte[] raw = Files.readAllBytes(dir.resolve("j.f32"));
        float[] data = new float[raw.length / 4];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        assertArrayEquals(AudioDecoders.builtIn().decode(mp3).samples(), data);

        assertEquals(2, run("decode", mp3.toString(), "--decoder", "nope", "--stats"));
        assertTrue(err.toString().contains("available: auto, ffmpeg, jlayer"), err.toString());
    }

    @Test
    void decodeWritesRawFloatsAndFloatWav(@TempDir Path dir) throws IOException {
        Path mp3 = demo("speech/01-mpeg2-16k.mp3");
        float[] expected = AudioDecoders.standard().decode(mp3).samples();

        assertEquals(0, run("decode", mp3.toString(), "--out", dir.resolve("x.f32").toString()));
        assertEquals(0, run("decode", mp3.toString(), "--out", dir.resolve("x.wav").toString()));

        byte[] raw = Files.readAllBytes(dir.resolve("x.f32"));
        float[] data = new float[raw.length / 4];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        assertArrayEquals(expected, data);
        assertArrayEquals(expected, AudioDecoders.standard().decode(dir.resolve("x.wav")).samples());
    }

    @Test
    void decodeOfATruncatedFileFailsNamingItAndLeavesNoOutput(@TempDir Path dir) {
        Path truncated = demo("music/03-truncated.mp3");
        Path target = dir.resolve("out.npy");

        assertEquals(1, run("decode", truncated.toString(), "--out", target.toString()));

        assertTrue(err.toString().startsWith("reactive-audio: " + truncated + ": truncated"), err.toString());
        assertEquals(1, err.toString().lines().count());
        assertFalse(Files.exists(target));
    }

    @Test
    void decodeStatsReportSamplesPerSecondPerThread() throws IOException {
        assertEquals(0, run("decode", demo("music/01-cbr128.mp3").toString(), "--stats"));

        Map<String, Object> stats = parse(out.toString().trim());
        assertEquals(17_640L, stats.get("frames"));
        assertEquals(35_280L, stats.get("samples"));
        assertTrue(((Number) stats.get("samples_per_s_per_thread")).doubleValue() > 0, stats.toString());
        assertEquals(List.of(0L, 0L, 0L), List.of(stats.get("skipped_bytes"), stats.get("concealed_frames"),
                stats.get("silent_frames")));
    }

    @Test
    void decodeTellsTheDamageTheDecoderConcealed(@TempDir Path dir) throws IOException {
        byte[] damagedTag = {'I', 'D', '3', 3, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        Path damaged = Files.write(dir.resolve("damaged-tag.mp3"), io.reactiveaudio.test.Bytes.concat(damagedTag,
                Files.readAllBytes(demo("music/01-cbr128.mp3"))));

        assertEquals(0, run("decode", damaged.toString(), "--decoder", "jlayer", "--stats"));

        Map<String, Object> stats = parse(out.toString().trim());
        assertEquals(10L, stats.get("skipped_bytes"));
        assertEquals(List.of(Map.of("kind", "skipped_bytes", "from_byte", 0L, "to_byte", 10L, "at_frame", 0L,
                "silent_frames", 0L)), stats.get("damaged_regions"));
        assertEquals(damaged + ": damage concealed: 10 bytes skipped, 0 coded frames replaced by 0 frames of silence\n"
                + damaged + ": bytes 0..10 skipped (output frame 0)", err.toString().strip().replace("\r", ""));
    }

    @Test
    void demoDecodesTheBuiltInCorpusAndReportsTheTruncatedFile() {
        assertEquals(0, run("demo"));

        String text = out.toString();
        assertTrue(text.contains("6 files, labels [music, speech]"), text);
        assertTrue(text.contains("decoded 5 files"), text);
        assertTrue(text.contains("truncated 1"), text);
        assertTrue(text.contains("03-truncated.mp3: truncated"), text);
    }

    @Test
    void benchOnTheDemoCorpusIsReproducibleForASeed() throws IOException {
        assertEquals(0, run("bench", "--warmup", "2", "--batches", "3", "--seed", "5", "--json"));
        assertEquals(0, run("bench", "--warmup", "2", "--batches", "3", "--seed", "5", "--json",
                "--decode-threads", "1"));

        String[] lines = out.toString().split("\n");
        Map<String, Object> first = parse(lines[0]);
        Map<String, Object> second = parse(lines[1]);
        assertEquals(first.get("checksum"), second.get("checksum"), "same seed, 1 or more decode threads");
        assertEquals(4096L, first.get("frame"));
        assertTrue(((Double) first.get("batches_per_s")) > 0);
        assertTrue(first.containsKey("first_batch_s") && first.containsKey("peak_rss_mb"));
        long anon = (Long) first.get("peak_rss_anon_mb");
        long file = (Long) first.get("peak_rss_file_mb");
        long whole = (Long) first.get("peak_rss_mb");
        assertTrue(anon > 0 && file > 0 && anon <= whole && file <= whole,
                "anonymous " + anon + " and file-backed " + file + " MB peaks, each within the whole " + whole);
        assertTrue(((Double) first.get("cpu_s_per_batch")) > 0, "CPU time of the timed batches");
        assertTrue(((Double) first.get("first_batch_cpu_s")) > 0, "CPU time up to the first batch");
    }

    @Test
    void benchWithTheDefaultAugmentationIsReproducibleForASeedAndReportsIt() throws IOException {
        assertEquals(0, bench("default", "1", "5"));
        assertEquals(0, bench("default", "4", "5"));
        assertEquals(0, bench("none", "1", "5"));
        assertEquals(0, bench("default", "auto", "6"));

        String[] lines = out.toString().split("\n");
        Map<String, Object> one = parse(lines[0]);
        Map<String, Object> four = parse(lines[1]);
        assertEquals("default", one.get("augment"));
        assertEquals("none", parse(lines[2]).get("augment"));
        assertEquals(one.get("checksum"), four.get("checksum"), "same seed, 1 or 4 decode threads");
        assertFalse(one.get("checksum").equals(parse(lines[2]).get("checksum")), "the chain changes the audio");
        assertFalse(one.get("checksum").equals(parse(lines[3]).get("checksum")), "another seed, other draws");

        assertEquals(2, run("bench", "--augment", "loud"));
        assertTrue(err.toString().contains("--augment: none, default or default+speed, got loud"), err.toString());
    }

    private int bench(String augment, String decodeThreads, String seed) {
        return run("bench", "--warmup", "1", "--batches", "3", "--json", "--augment", augment, "--decode-threads",
                decodeThreads, "--seed", seed);
    }

    @Test
    void featuresWritesTheExtractorsOutputAsBinsByFrames(@TempDir Path dir) throws IOException {
        Path wav = demo("speech/03-chirp.wav");
        Path npy = dir.resolve("mel.npy");

        assertEquals(0, run("features", wav.toString(), "--kind", "logmel", "--n-fft", "512", "--hop-length", "128",
                "--n-mels", "40", "--center", "false", "--out", npy.toString()));

        DecodedAudio audio = AudioDecoders.standard().decode(wav);
        float[] mono = SpectrogramCommand.mono(audio);
        FeatureExtractor logMel = LogMel.builder()
                .sampleRate(audio.info().sampleRate()).nFft(512).hopLength(128).nMels(40).center(false)
                .withoutTopDb().build();
        int frames = (mono.length - 512) / 128 + 1;
        float[] expected = new float[40 * frames];
        logMel.newWorker().compute(mono, 0, mono.length, expected, 0, FeatureLayout.BINS_FRAMES);
        byte[] file = Files.readAllBytes(npy);
        String header = new String(file, 10, 118, StandardCharsets.US_ASCII);
        assertTrue(header.contains("'shape': (40, " + frames + ")"), header);
        float[] written = new float[expected.length];
        ByteBuffer.wrap(file, file.length - 4 * expected.length, 4 * expected.length).order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer().get(written);
        assertArrayEquals(expected, written);
        assertTrue(out.toString().contains("logmel (40, " + frames + ")"), out.toString());
    }

    @Test
    void featuresRefusesAnUnknownKind(@TempDir Path dir) {
        assertEquals(2, run("features", demo("speech/03-chirp.wav").toString(), "--kind", "chroma", "--out",
                dir.resolve("x.npy").toString()));

        assertTrue(err.toString().contains("--kind: spectrogram, mel, logmel or mfcc"), err.toString());
    }

    @Test
    void liveListensOnTcpAndTurnsEachConnectionIntoFeatures() throws Exception {
        CompletableFuture<Integer> live = CompletableFuture.supplyAsync(() -> run("live", "--listen",
                "tcp://127.0.0.1:0", "--seconds", "3", "--json"));
        int port = -1;
        for (int i = 0; i < 200 && port < 0; i++) {
            Thread.sleep(10);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("listening on tcp://127.0.0.1:(\\d+)")
                    .matcher(err.toString());
            port = m.find() ? Integer.parseInt(m.group(1)) : -1;
        }
        assertTrue(port > 0, err.toString());
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(new byte[16_000 * 2 + 1]);
        }

        assertEquals(0, live.get(10, java.util.concurrent.TimeUnit.SECONDS));
        Map<String, Object> result = parse(out.toString().trim());
        assertEquals(1L, result.get("streams"));
        assertEquals(16_000L, result.get("received_frames"));
        assertTrue((Long) result.get("outputs") > 0, "log-mel blocks were computed: " + result);
        assertEquals(0L, result.get("dropped_frames"));
        assertEquals(1L, result.get("ignored_bytes"), "the odd last byte is counted: " + result);
        List<?> streams = (List<?>) result.get("per_stream");
        assertEquals(1, streams.size(), result.toString());
        Map<?, ?> stream = (Map<?, ?>) streams.get(0);
        assertEquals(0L, stream.get("index"));
        assertTrue(((String) stream.get("stream")).contains("127.0.0.1"), stream.toString());
        assertEquals(16_000L, stream.get("received_frames"));
        assertEquals(1L, stream.get("ignored_bytes"));
        assertTrue(err.toString().contains("stream 0: "), err.toString());
    }

    @Test
    void liveServesTheLogMelOfEveryWindowOfTheInputToARemoteTrainer() throws Exception {
        CompletableFuture<Integer> live = CompletableFuture.supplyAsync(() -> run("live", "--listen",
                "tcp://127.0.0.1:0", "--serve", "0", "--batch", "2", "--seconds", "8", "--json"));
        int ingestPort = awaitPort("listening on tcp://127.0.0.1:(\\d+)");
        int servePort = awaitPort("to trainers on 127.0.0.1:(\\d+)");
        short[] pcm = new short[32_000];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) Math.round(12_000 * Math.sin(2 * Math.PI * 440 * i / 16_000.0));
        }
        ByteBuffer bytes = ByteBuffer.allocate(2 * pcm.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asShortBuffer().put(pcm);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", ingestPort)) {
            socket.getOutputStream().write(bytes.array());
        }

        java.util.concurrent.atomic.AtomicInteger items = new java.util.concurrent.atomic.AtomicInteger();
        long connected = System.currentTimeMillis() * 1_000_000L;
        List<ReceivedBatch> batches = AudioClient.builder("127.0.0.1", servePort).stream("live").build().batches()
                .takeUntil(batch -> items.addAndGet(batch.size()) >= 3).collectList()
                .block(java.time.Duration.ofSeconds(20));
        long received = (System.currentTimeMillis() + 1) * 1_000_000L;

        FeatureExtractor logMel = LogMel.builder().sampleRate(16_000).nFft(400).hopLength(160).nMels(80)
                .center(false).withoutTopDb().build();
        int window = 0;
        for (ReceivedBatch batch : batches) {
            try (batch) {
                assertEquals("features", batch.kind());
                assertArrayEquals(new long[]{batch.size(), 80, 98}, batch.shape());
                long handover = Long.parseLong(batch.metadata().get("handover_unix_ns"));
                assertTrue(connected <= handover && handover <= received, batch.metadata().toString());
                String[] arrivals = batch.metadata().get("arrival_unix_ns").split(",");
                assertEquals(batch.size(), arrivals.length);
                for (String arrival : arrivals) {
                    assertTrue(Long.parseLong(arrival) <= handover, batch.metadata().toString());
                }
                for (int b = 0; b < batch.size(); b++, window++) {
                    float[] samples = new float[16_000];
                    for (int i = 0; i < samples.length; i++) {
                        samples[i] = pcm[window * 8_000 + i] / 32_768f;
                    }
                    float[] expected = new float[80 * 98];
                    logMel.newWorker().compute(samples, 0, samples.length, expected, 0, FeatureLayout.BINS_FRAMES);
                    float[] served = new float[expected.length];
                    batch.floats().get(b * expected.length, served);
                    assertArrayEquals(expected, served, 1e-4f, "window " + window);
                    assertEquals(window * 8_000L, batch.ordinals()[b]);
                }
            }
        }
        assertEquals(3, window);
        assertEquals(0, live.get(20, java.util.concurrent.TimeUnit.SECONDS));
        Map<String, Object> result = parse(out.toString().trim());
        assertEquals(32_000L, result.get("received_frames"));
        assertEquals(0L, result.get("dropped_frames"));
        assertEquals(3L, result.get("latency_count"), "one latency per window handed over: " + result);
        assertEquals(1, ((List<?>) result.get("per_stream")).size(), result.toString());
    }

    private int awaitPort(String pattern) throws InterruptedException {
        java.util.regex.Pattern regex = java.util.regex.Pattern.compile(pattern);
        for (int i = 0; i < 1_000; i++) {
            java.util.regex.Matcher m = regex.matcher(err.toString());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no " + pattern + " in " + err);
    }

    @Test
    void liveRefusesAnUnknownOverflowStrategy() {
        assertEquals(2, run("live", "--listen", "tcp://127.0.0.1:0", "--overflow", "sometimes"));

        assertTrue(err.toString().contains("--overflow: block, drop-oldest"), err.toString());
    }

    @Test
    void liveLoadMeasuresTheLatencyOfEveryFeatureBlockOfEveryStream() throws IOException {
        assertEquals(0, run("live-load", "--streams", "4", "--warmup", "1", "--seconds", "1", "--json"));

        Map<String, Object> result = parse(out.toString().trim());
        assertEquals(4L, result.get("streams"));
        assertEquals("logmel", result.get("features"));
        assertTrue((Long) result.get("latency_count") > 0, result.toString());
        assertTrue((Long) result.get("output_units") > 4 * 50, "100 frames per second per stream: " + result);
        assertEquals(0L, result.get("gaps"));
        assertEquals(0L, result.get("ignored_bytes"), "the generator sends whole frames: " + result);
        assertTrue((Double) result.get("latency_p99_ms") > 0);
        assertEquals(true, result.get("drained"), "every stream delivered what it received: " + result);
        long sent = (Long) result.get("sent_frames");
        assertTrue(sent >= 4 * 16_000, "at least a second of audio per stream: " + result);
        assertEquals(sent, result.get("received_frames"), "TCP loses nothing: " + result);
        assertEquals(sent, (Long) result.get("delivered_frames") + (Long) result.get("lost_frames"),
                "every frame received is delivered or counted lost: " + result);
    }

    @Test
    void trainDemoTakesUsesAndReleasesEveryBatchReproduciblyForASeed() {
        String[] args = {"train-demo", "--steps", "12", "--batch", "4", "--frame", "1024", "--seed", "3"};
        assertEquals(0, run(args));
        String first = out.toString();
        out.getBuffer().setLength(0);
        assertEquals(0, run(args));

        assertTrue(first.contains("6 files, labels [music, speech]; batches of 4 x 1024 frames"), first);
        List<String> steps = stepLines(first);
        assertEquals(3, steps.size(), "steps 1, 10 and the last, 12: " + first);
        assertTrue(steps.get(0).startsWith("step    1  shape [4, 1024, 1]  labels ["), first);
        assertTrue(steps.get(2).startsWith("step   12  shape [4, 1024, 1]  labels ["), first);
        assertTrue(first.contains("12 steps in "), first);
        assertTrue(first.lines().anyMatch(l -> l.matches("released all \\d+ batches the pipeline made")), first);
        assertEquals(steps, stepLines(out.toString()), "same seed, same batches");
    }

    @Test
    void spectrogramDrawsAPngWhereAChirpRisesFromLeftToRight(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("pictures/chirp.png");

        assertEquals(0, run("spectrogram", demo("speech/03-chirp.wav").toString(), "--out", png.toString()));

        assertTrue(out.toString().startsWith("wrote " + png + ": 80 mels x 32 frames, 0.50 s"), out.toString());
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() > 900 && image.getHeight() > 320, image.getWidth() + " x " + image.getHeight());
        int hottest = ColorMap.EMBER.rgb(1);
        int early = rowClosestTo(image, image.getWidth() * 3 / 10, hottest);
        int late = rowClosestTo(image, image.getWidth() * 6 / 10, hottest);
        assertTrue(late < early - 20, "the chirp is higher later: rows " + early + " then " + late);
    }

    @Test
    void spectrogramOfAnExcerptCountsItsFramesAndRejectsAnUnknownScaling(@TempDir Path dir) {
        Path png = dir.resolve("mp3.png");

        assertEquals(0, run("spectrogram", demo("music/01-cbr128.mp3").toString(), "--out", png.toString(),
                "--start", "0.1", "--duration", "0.2", "--n-mels", "64", "--hop-length", "441",
                "--scaling", "nearest", "--width", "200", "--height", "128"));
        assertTrue(out.toString().startsWith("wrote " + png + ": 64 mels x 21 frames, 0.20 s from 0.10 s"),
                out.toString());

        assertEquals(2, run("spectrogram", demo("music/01-cbr128.mp3").toString(), "--out", png.toString(),
                "--scaling", "cubic"));
        assertTrue(err.toString().contains("--scaling must be bilinear or nearest"), err.toString());
    }

    private static int rowClosestTo(BufferedImage image, int x, int rgb) {
        int best = -1;
        int bestDistance = Integer.MAX_VALUE;
        for (int y = 0; y < image.getHeight(); y++) {
            int p = image.getRGB(x, y);
            int d = 0;
            for (int shift = 0; shift <= 16; shift += 8) {
                d += Math.abs((p >> shift & 0xFF) - (rgb >> shift & 0xFF));
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = y;
            }
        }
        return best;
    }

    private static List<String> stepLines(String output) {
        return output.lines().filter(l -> l.startsWith("step ")).toList();
    }

    private int run(String... args) {
        CommandLine cli = ReactiveAudioCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static Path demo(String name) {
        try {
            return Path.of(ReactiveAudioCliTest.class.getResource("/demo-corpus/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON object: numbers as Long or Double, arrays as lists, objects as maps. */
    private static Map<String, Object> parse(String json) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            return object(p);
        }
    }

    /** The rest of an object whose start the parser has just read. */
    private static Map<String, Object> object(JsonParser p) throws IOException {
        Map<String, Object> fields = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            fields.put(name, value(p));
        }
        return fields;
    }

    /** The value at the parser's current token. */
    private static Object value(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE, VALUE_FALSE -> p.getBooleanValue();
            case VALUE_NULL -> null;
            case START_OBJECT -> object(p);
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(p));
                }
                yield items;
            }
            default -> p.getText();
        };
    }
}
