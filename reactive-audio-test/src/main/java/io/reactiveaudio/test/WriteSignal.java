package io.reactiveaudio.test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Command-line entry that writes a seeded test signal as a WAV file, used by the fixture scripts
 * to make the sources that {@code lame} and {@code flac} encode.
 *
 * <pre>
 * java -cp reactive-audio-test/target/classes io.reactiveaudio.test.WriteSignal \
 *     --kind chirp|sine|noise|clicks|music --rate 44100 --channels 2 --seconds 0.5 \
 *     --encoding PCM_S16|PCM_S24|... [--valid-bits 20] --seed 1 OUT.wav
 * </pre>
 *
 * {@code music} is a sum of a chirp, three tones and low noise (a dense spectrum for lossy codecs).
 */
public final class WriteSignal {

    private WriteSignal() {
    }

    /** Parses {@code --name value} pairs and a final output path; see the class comment. */
    public static void main(String[] args) throws IOException {
        if (args.length == 0 || args.length % 2 == 0) {
            throw new IllegalArgumentException("usage: WriteSignal [--kind K] [--rate HZ] [--channels N] "
                    + "[--seconds S] [--encoding E] [--valid-bits B] [--seed N] [--amplitude A] OUT.wav");
        }
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length - 1; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected an option, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        int rate = Integer.parseInt(opts.getOrDefault("rate", "44100"));
        int channels = Integer.parseInt(opts.getOrDefault("channels", "2"));
        int frames = (int) Math.round(Double.parseDouble(opts.getOrDefault("seconds", "0.5")) * rate);
        long seed = Long.parseLong(opts.getOrDefault("seed", "1"));
        double amplitude = Double.parseDouble(opts.getOrDefault("amplitude", "0.5"));
        float[] samples = signal(opts.getOrDefault("kind", "music"), rate, channels, frames, seed, amplitude);
        WavFixtureWriter.Encoding encoding = WavFixtureWriter.Encoding.valueOf(opts.getOrDefault("encoding", "PCM_S16"));
        WavFixtureWriter writer = WavFixtureWriter.of(encoding);
        if (opts.containsKey("valid-bits")) {
            writer = writer.validBits(Integer.parseInt(opts.get("valid-bits")));
        }
        writer.write(Path.of(args[args.length - 1]), samples, channels, rate);
    }

    /**
     * The signal a fixture was made from, so a test can rebuild it exactly.
     *
     * @param kind chirp, sine, noise, clicks or music (see the class comment)
     * @param rate sample rate in Hz
     * @param channels channel count
     * @param frames length in sample frames
     * @param seed noise seed
     * @param amplitude peak amplitude of the main component (1.0 = full scale)
     */
    public static float[] signal(String kind, int rate, int channels, int frames, long seed, double amplitude) {
        return switch (kind) {
            case "sine" -> Signals.sine(rate, channels, frames, 440, amplitude);
            case "chirp" -> Signals.chirp(rate, channels, frames, 50, rate * 0.45, amplitude);
            case "noise" -> Signals.noise(seed, rate, channels, frames, amplitude);
            case "clicks" -> Signals.clicks(rate, channels, frames, rate / 10, amplitude);
            case "music" -> Signals.mix(
                    Signals.chirp(rate, channels, frames, 100, rate * 0.2, amplitude * 0.4),
                    Signals.sine(rate, channels, frames, 220, amplitude * 0.2),
                    Signals.sine(rate, channels, frames, 1375, amplitude * 0.15),
                    Signals.sine(rate, channels, frames, 3520, amplitude * 0.1),
                    Signals.noise(seed, rate, channels, frames, amplitude * 0.05));
            default -> throw new IllegalArgumentException("unknown --kind " + kind);
        };
    }
}
