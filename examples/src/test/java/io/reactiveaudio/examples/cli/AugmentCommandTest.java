package io.reactiveaudio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.wave.Gain;
import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.DecodedAudio;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AugmentCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void gainWritesAFloatWavOfExactlyWhatTheTransformDrawsFromTheSeed(@TempDir Path dir) {
        Path mp3 = demo("music/01-cbr128.mp3");
        Path wav = dir.resolve("gain.wav");

        assertEquals(0, run("augment", mp3.toString(), "--out", wav.toString(), "--transform", "gain", "--seed", "7"));

        DecodedAudio clean = AudioDecoders.standard().decode(mp3);
        DecodedAudio written = AudioDecoders.standard().decode(wav);
        assertEquals(clean.info().channels(), written.info().channels());
        assertEquals(clean.info().sampleRate(), written.info().sampleRate());
        Audio expected = Gain.db(-18, -12).apply(new Audio(clean.samples(), (int) clean.frames(),
                clean.info().channels(), clean.info().sampleRate()), AugmentContext.forItem(7, 0, 0, 0));
        assertArrayEquals(expected.samples(), written.samples());
        assertTrue(out.toString().contains("Gain.db(-18, -12): [Gain(gain_db=-1"), out.toString());
    }

    @Test
    void speedChangesTheLengthByTheDrawnFactorAndTheSameSeedGivesTheSameFile(@TempDir Path dir) {
        Path mp3 = demo("speech/01-mpeg2-16k.mp3");
        Path first = dir.resolve("a.wav");
        Path again = dir.resolve("b.wav");

        assertEquals(0, run("augment", mp3.toString(), "--out", first.toString(), "--transform", "speed", "--seed", "3"));
        assertEquals(0, run("augment", mp3.toString(), "--out", again.toString(), "--transform", "speed", "--seed", "3"));

        long frames = AudioDecoders.standard().decode(mp3).frames();
        DecodedAudio sped = AudioDecoders.standard().decode(first);
        boolean slower = sped.frames() == Math.round(frames / 0.9);
        boolean faster = sped.frames() == Math.round(frames / 1.1);
        assertTrue(slower || faster, frames + " frames became " + sped.frames());
        assertTrue(out.toString().contains("SpeedPerturb(factor=" + (slower ? "0.9" : "1.1")), out.toString());
        assertArrayEquals(sped.samples(), AudioDecoders.standard().decode(again).samples());
    }

    @Test
    void unknownTransformsAndMissingNoiseOrResponsesAreRefusedWithTheReason(@TempDir Path dir) {
        Path wav = demo("speech/03-chirp.wav");
        Path to = dir.resolve("x.wav");

        assertEquals(2, run("augment", wav.toString(), "--out", to.toString(), "--transform", "reverse"));
        assertTrue(err.toString().contains("unknown transform reverse; known: gain, gain-transition,"), err.toString());
        assertEquals(2, run("augment", wav.toString(), "--out", to.toString(), "--transform", "background-noise"));
        assertTrue(err.toString().contains("background-noise needs --noise"), err.toString());
        assertEquals(2, run("augment", wav.toString(), "--out", to.toString(), "--transform", "impulse-response"));
        assertTrue(err.toString().contains("impulse-response needs --ir"), err.toString());
    }

    @Test
    void backgroundNoiseFromOneFileChangesTheSignal(@TempDir Path dir) {
        Path wav = demo("speech/03-chirp.wav");
        Path noisy = dir.resolve("noisy.wav");

        assertEquals(0, run("augment", wav.toString(), "--out", noisy.toString(), "--transform", "background-noise",
                "--noise", demo("speech/01-mpeg2-16k.mp3").toString()));

        float[] clean = AudioDecoders.standard().decode(wav).samples();
        float[] mixed = AudioDecoders.standard().decode(noisy).samples();
        assertEquals(clean.length, mixed.length);
        assertFalse(Arrays.equals(clean, mixed));
        assertTrue(out.toString().contains("AddBackgroundNoise(noise_index=0.0"), out.toString());
    }

    private int run(String... args) {
        CommandLine cli = ReactiveAudioCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static Path demo(String name) {
        try {
            return Path.of(AugmentCommandTest.class.getResource("/demo-corpus/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
