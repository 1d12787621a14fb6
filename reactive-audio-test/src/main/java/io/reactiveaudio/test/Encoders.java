package io.reactiveaudio.test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Debian's command-line audio tools on files a test writes: the encoders ({@code lame},
 * {@code ffmpeg}, {@code flac}) for inputs that no Java code here makes (CRC-protected MP3s,
 * streams cut by copying with ffmpeg, FLAC with seek tables and pictures), and the reference
 * decoders ({@code mpg123}, {@code flac -d}) that decoders are compared with.
 *
 * <p>A test whose tool is not on the {@code PATH} is skipped (a JUnit assumption) with a message
 * naming the Debian package; CI installs the tools. A tool that fails fails the test with its
 * error output. Each run blocks (at most a minute): call from a test thread. Stateless.
 */
public final class Encoders {

    private static final long TIMEOUT_SECONDS = 60;

    private Encoders() {
    }

    /**
     * Writes the seeded "music" signal (see {@link WriteSignal}) as a 16-bit WAV file.
     *
     * @param seconds length in seconds
     * @param rate sample rate in Hz
     * @param channels channel count
     * @return {@code file}
     */
    public static Path musicWav(Path file, double seconds, int rate, int channels) throws IOException {
        int frames = (int) Math.round(seconds * rate);
        float[] samples = WriteSignal.signal("music", rate, channels, frames, 7, 0.5);
        WavFixtureWriter.of(WavFixtureWriter.Encoding.PCM_S16).write(file, samples, channels, rate);
        return file;
    }

    /**
     * Encodes {@code wav} with {@code lame --silent OPTIONS wav mp3}, for example with {@code "-p",
     * "-b", "128"} for a CRC-protected constant-bitrate file.
     *
     * @return {@code mp3}
     */
    public static Path lame(Path wav, Path mp3, String... options) {
        List<String> command = new ArrayList<>(List.of(tool("lame", "lame"), "--silent"));
        command.addAll(List.of(options));
        command.add(wav.toString());
        command.add(mp3.toString());
        run(command);
        return mp3;
    }

    /**
     * Runs {@code ffmpeg -nostdin -v error -y ARGUMENTS out}, for example {@code "-i", in, "-ss",
     * "1", "-c", "copy"} to cut a stream without re-encoding it.
     *
     * @return {@code out}
     */
    public static Path ffmpeg(Path out, String... arguments) {
        List<String> command = new ArrayList<>(List.of(tool("ffmpeg", "ffmpeg"), "-nostdin", "-v", "error", "-y"));
        command.addAll(List.of(arguments));
        command.add(out.toString());
        run(command);
        return out;
    }

    /**
     * Encodes {@code wav} with {@code flac --silent --force OPTIONS -o flac wav}, for example with
     * {@code "-S", "1s", "--picture", "cover.jpg"} for a seek point every second and a picture block.
     *
     * @return {@code flac}
     */
    public static Path flac(Path wav, Path flac, String... options) {
        List<String> command = new ArrayList<>(List.of(tool("flac", "flac"), "--silent", "--force"));
        command.addAll(List.of(options));
        command.addAll(List.of("-o", flac.toString(), wav.toString()));
        run(command);
        return flac;
    }

    /**
     * Decodes an MP3 with {@code mpg123} as 32-bit float at full scale 1.0 ({@code mpg123 -q -e f32
     * -O raw mp3}), with mpg123's defaults: gapless (a LAME tag's encoder delay, the decoder's 529
     * samples and the padding trimmed), channels and sample rate as in the file.
     *
     * @return the interleaved samples
     */
    public static float[] mpg123(Path mp3) throws IOException {
        Path raw = Files.createTempFile("mpg123", ".f32");
        try {
            run(List.of(tool("mpg123", "mpg123"), "-q", "-e", "f32", "-O", raw.toString(), mp3.toString()));
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
            float[] samples = new float[bytes.remaining() / Float.BYTES];
            bytes.asFloatBuffer().get(samples);
            return samples;
        } finally {
            Files.delete(raw);
        }
    }

    /**
     * Decodes a FLAC file with {@code flac -d} (which checks every frame's CRC and the STREAMINFO
     * MD5) to signed little-endian integers {@code q}, of the bit depth {@code metaflac
     * --show-bps} reports, and returns {@code q / 2^(bits-1)}: what an exact decoder gives.
     *
     * @return the interleaved samples
     */
    public static float[] flacDecode(Path flac) throws IOException {
        int bits = Integer.parseInt(output(List.of(tool("metaflac", "flac"), "--show-bps", flac.toString())).trim());
        int bytesPerSample = (bits + 7) / 8;
        Path raw = Files.createTempFile("flac", ".raw");
        try {
            run(List.of(tool("flac", "flac"), "--silent", "--force", "--decode", "--force-raw-format",
                    "--endian=little", "--sign=signed", "-o", raw.toString(), flac.toString()));
            byte[] bytes = Files.readAllBytes(raw);
            float[] samples = new float[bytes.length / bytesPerSample];
            double scale = Math.scalb(1.0, -(bits - 1));
            for (int i = 0; i < samples.length; i++) {
                long q = 0;
                for (int b = bytesPerSample - 1; b >= 0; b--) {
                    q = (q << 8) | (bytes[i * bytesPerSample + b] & 0xFF);
                }
                long signed = (q << (64 - 8 * bytesPerSample)) >> (64 - 8 * bytesPerSample);
                samples[i] = (float) (signed * scale);
            }
            return samples;
        } finally {
            Files.delete(raw);
        }
    }

    /** The path of {@code name} on the {@code PATH}; skips the test when it is not there. */
    private static String tool(String name, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String folder : path.split(File.pathSeparator)) {
            Path candidate = Path.of(folder.isEmpty() ? "." : folder, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return Assumptions.abort(name + " is not on the PATH: install Debian's " + debianPackage
                + " package (CI's .ci/run does) to run this test");
    }

    private static void run(List<String> command) {
        output(command);
    }

    /** Runs {@code command} and returns what it wrote (standard output and error, UTF-8). */
    private static String output(List<String> command) {
        try {
            Path log = Files.createTempFile("encoder", ".log");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                process.getOutputStream().close();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError(String.join(" ", command) + " exited with " + process.exitValue() + ": "
                            + Files.readString(log, StandardCharsets.UTF_8));
                }
                return Files.readString(log, StandardCharsets.UTF_8);
            } finally {
                Files.delete(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command.get(0), e);
        }
    }
}
