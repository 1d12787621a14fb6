package io.reactiveaudio.netty.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.features.mel.LogMel;
import io.reactiveaudio.netty.client.PythonEnvironment.Result;
import io.reactiveaudio.netty.server.AudioServer;
import io.reactiveaudio.netty.server.FeatureSource;
import io.reactiveaudio.pipeline.AudioPipeline;
import io.reactiveaudio.source.Sources;
import io.reactiveaudio.test.Signals;
import io.reactiveaudio.test.WavFixtureWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training example {@code examples/python/train_classifier.py}, run short in the current
 * Python environment (torch, matplotlib) against a real server: on a generated corpus of two
 * classes a small network can tell apart (a sine of any pitch over faint noise, and noise alone),
 * served as log-mel batches, training files and held-out files on two streams, with a fixed seed.
 *
 * <p>The stated margins: the mean training loss of the last {@value #WINDOW} steps is at most
 * {@value #LOSS_RATIO} of that of the first {@value #WINDOW}, and the held-out accuracy after the
 * last step is at least {@value #ACCURACY}, chance being 0.5 (each held-out item counted once,
 * the padding of the last batch left out).
 */
class TrainClassifierTest {

    private static final Path SCRIPT = PythonEnvironment.REPOSITORY.resolve("examples/python/train_classifier.py");
    private static final int RATE = 16_000;
    private static final int STEPS = 60;
    private static final int WINDOW = 5;
    private static final double LOSS_RATIO = 0.5;
    private static final double ACCURACY = 0.8;
    private static final int TRAIN_FILES_PER_CLASS = 8;
    private static final int HELD_OUT_FILES_PER_CLASS = 4;

    @TempDir
    Path dir;

    @Test
    void aShortRunOnTonesAgainstNoiseLowersTheLossAndBeatsChanceOnHeldOutFiles() throws Exception {
        write(dir.resolve("train"), TRAIN_FILES_PER_CLASS, 0);
        write(dir.resolve("heldout"), HELD_OUT_FILES_PER_CLASS, 1_000);
        Path python = PythonEnvironment.CURRENT.prepare(dir);
        Path json = dir.resolve("result.json");
        Path png = dir.resolve("curves.png");

        AudioServer server = AudioServer.builder()
                .featureStream("train", FeatureSource.of(logMel(dir.resolve("train"))))
                .featureStream("heldout", FeatureSource.of(logMel(dir.resolve("heldout")), 1))
                .bindNow();
        Result result;
        try {
            String address = "127.0.0.1:" + server.port();
            result = PythonEnvironment.run(List.of(python.toString(), SCRIPT.toString(), "--train", address,
                    "--eval", address, "--eval-stream", "heldout", "--classes", "2", "--steps", String.valueOf(STEPS),
                    "--eval-every", "30", "--seed", "7", "--json", json.toString(), "--png", png.toString()),
                    dir, Map.of(), Duration.ofMinutes(10));
        } finally {
            server.dispose();
        }

        System.out.println(result.output());
        assertEquals(0, result.exit(), result.output());
        Numbers numbers = Numbers.read(json);
        assertEquals(STEPS, numbers.trainLoss.size(), "one loss per step");
        double first = numbers.trainLoss.subList(0, WINDOW).stream().mapToDouble(d -> d).average().orElseThrow();
        double last = numbers.trainLoss.subList(STEPS - WINDOW, STEPS).stream().mapToDouble(d -> d).average()
                .orElseThrow();
        assertTrue(last <= LOSS_RATIO * first, "the loss falls: first steps " + first + ", last steps " + last);

        assertEquals(List.of(0.0, 30.0, 60.0), numbers.evaluations.stream().map(e -> e.get("step")).toList(),
                "evaluations before the first step, after the 30th and after the last");
        Map<String, Double> end = numbers.evaluations.get(numbers.evaluations.size() - 1);
        assertEquals((double) segments(audio(dir.resolve("heldout"))), end.get("items"),
                "every held-out segment counted once");
        assertEquals(0.5, numbers.chance);
        assertTrue(end.get("accuracy") >= ACCURACY, "held-out accuracy " + end.get("accuracy"));

        byte[] picture = Files.readAllBytes(png);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(picture, 4), "a PNG");
        assertTrue(picture.length > 10_000, "a picture with curves, not an empty canvas: " + picture.length + " bytes");
    }

    /**
     * Writes {@code perClass} files of 1.5 s into {@code dir}/noise (white noise, amplitudes 0.1 to
     * 0.5) and {@code dir}/tone (a sine of 200 to 3 000 Hz, amplitude 0.3, over noise of 0.05);
     * {@code seedBase} keeps training and held-out files apart.
     */
    private static void write(Path dir, int perClass, long seedBase) throws IOException {
        Files.createDirectories(dir.resolve("noise"));
        Files.createDirectories(dir.resolve("tone"));
        int frames = RATE * 3 / 2;
        WavFixtureWriter wav = WavFixtureWriter.of(WavFixtureWriter.Encoding.PCM_S16);
        for (int i = 0; i < perClass; i++) {
            long seed = seedBase + i;
            wav.write(dir.resolve("noise").resolve(String.format("%02d.wav", i)),
                    Signals.noise(seed, RATE, 1, frames, 0.1 + 0.4 * i / perClass), 1, RATE);
            double hz = 200 + 2_800.0 * ((seedBase / 7 + i * 0.618) % 1.0);
            wav.write(dir.resolve("tone").resolve(String.format("%02d.wav", i)),
                    Signals.mix(Signals.sine(RATE, 1, frames, hz, 0.3), Signals.noise(seed + 500, RATE, 1, frames, 0.05)),
                    1, RATE);
        }
    }

    /** The audio batches of {@code serve DIR --mono --sample-rate 16000 --frame 4000 --batch 8}. */
    private static AudioPipeline audio(Path dir) {
        return AudioPipeline.from(Sources.directory(dir).labelsFromParentFolder(true).scan())
                .conform(RATE, ChannelPolicy.mono()).frames(4_000).shuffle(32).batch(8);
    }

    /** What {@code serve DIR ... --features logmel --n-mels 40} serves: {@link #audio}'s log-mel features. */
    private static AudioPipeline logMel(Path dir) {
        return audio(dir).features(LogMel.builder().sampleRate(RATE).nFft(400).hopLength(160).nMels(40).build())
                .poolSize(6);
    }

    /** The segments one epoch of {@code pipeline} gives (its batches released). */
    private static long segments(AudioPipeline pipeline) {
        return pipeline.epochs(1).flux().map(batch -> {
            try (batch) {
                return (long) batch.size();
            }
        }).reduce(0L, Long::sum).block(Duration.ofSeconds(60));
    }

    /** What the script's {@code --json} holds that the test checks: each step's loss, each evaluation's numbers, chance. */
    private record Numbers(List<Double> trainLoss, List<Map<String, Double>> evaluations, double chance) {

        static Numbers read(Path json) throws IOException {
            List<Double> losses = new ArrayList<>();
            List<Map<String, Double>> evaluations = new ArrayList<>();
            double chance = Double.NaN;
            try (JsonParser p = new JsonFactory().createParser(json.toFile())) {
                p.nextToken();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    switch (field) {
                        case "train_loss" -> {
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                losses.add(p.getDoubleValue());
                            }
                        }
                        case "evaluations" -> {
                            while (p.nextToken() == JsonToken.START_OBJECT) {
                                Map<String, Double> evaluation = new HashMap<>();
                                while (p.nextToken() == JsonToken.FIELD_NAME) {
                                    String name = p.currentName();
                                    p.nextToken();
                                    evaluation.put(name, p.getDoubleValue());
                                }
                                evaluations.add(evaluation);
                            }
                        }
                        case "chance" -> chance = p.getDoubleValue();
                        default -> p.skipChildren();
                    }
                }
            }
            return new Numbers(losses, evaluations, chance);
        }
    }
}
