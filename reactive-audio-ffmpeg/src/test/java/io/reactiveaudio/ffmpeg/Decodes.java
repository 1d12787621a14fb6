package io.reactiveaudio.ffmpeg;

import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecoders;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * One file decoded by several decoders, kept by name in the order added, and how they compare:
 * frame counts, signal-to-difference ratios over the whole (aligned) length, bit-exactness. A
 * decoder that throws is kept as its error, which is a disagreement. For the differential tests;
 * not thread-safe.
 */
final class Decodes {

    /**
     * A difference below this RMS level (dBFS, full scale 1.0) passes as agreement whatever the
     * ratio: a near-silent file cannot reach 100 dB relative to its own tiny power.
     */
    static final double INAUDIBLE_DIFFERENCE_DBFS = -120;

    private final String file;
    private final int channels;
    private final Map<String, float[]> samples = new LinkedHashMap<>();
    private final Map<String, String> errors = new LinkedHashMap<>();

    private Decodes(String file, int channels) {
        this.file = file;
        this.channels = channels;
    }

    /** An empty comparison for {@code file}, whose audio has {@code channels} channels. */
    static Decodes of(String file, int channels) {
        return new Decodes(file, channels);
    }

    /** Decodes {@code path} with a registry ({@code AudioDecoders.builtIn()}, {@code preferring("ffmpeg")}). */
    Decodes add(String decoder, AudioDecoders decoders, Path path) {
        return add(decoder, () -> decoders.decode(path).samples());
    }

    /**
     * Adds what {@code decode} returns (interleaved samples) under the name {@code decoder}, or its
     * error: an {@link AudioDecodeException}'s message, or a tool's failure (an assertion error).
     * Anything else propagates, such as the assumption failure that skips a test whose tool is
     * missing.
     */
    Decodes add(String decoder, Callable<float[]> decode) {
        try {
            samples.put(decoder, decode.call());
        } catch (AudioDecodeException | AssertionError e) {
            failed(decoder, e.getMessage());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(decoder + " could not run on " + file, e);
        }
        return this;
    }

    private void failed(String decoder, String error) {
        samples.put(decoder, null);
        errors.put(decoder, error);
    }

    /**
     * The same decodes from frame {@code first} on, named {@code file + " from frame " + first}:
     * to compare what follows a stated difference at the start.
     */
    Decodes from(long first) {
        Decodes later = new Decodes(file + " from frame " + first, channels);
        samples.forEach((decoder, s) -> later.samples.put(decoder, s == null ? null
                : Arrays.copyOfRange(s, (int) Math.min(s.length, first * channels), s.length)));
        later.errors.putAll(errors);
        return later;
    }

    /** The frames {@code decoder} returned, or -1 when it failed. */
    long frames(String decoder) {
        float[] s = samples.get(decoder);
        return s == null ? -1 : s.length / channels;
    }

    /**
     * Signal-to-difference ratio of {@code other} against {@code reference} in dB, over the length
     * both have; infinite when they are equal there, NaN when either failed.
     */
    double sdrDb(String reference, String other) {
        float[] a = samples.get(reference);
        float[] b = samples.get(other);
        return a == null || b == null ? Double.NaN : FfmpegFixture.sdrDb(a, b);
    }

    /**
     * What disagrees, one line each (empty when all agree): a decoder that failed, a frame count
     * other than the first decoder's, and any two decoders with less than {@code minSdrDb} between
     * them (unless their difference is inaudible, see {@link #INAUDIBLE_DIFFERENCE_DBFS}); with
     * {@code minSdrDb} infinite, any two whose samples are not bit for bit the same.
     */
    List<String> disagreements(double minSdrDb) {
        List<String> out = new ArrayList<>();
        errors.forEach((decoder, error) -> out.add(file + ": " + decoder + " failed: " + error));
        List<String> names = samples.keySet().stream().filter(d -> !errors.containsKey(d)).toList();
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                String a = names.get(i);
                String b = names.get(j);
                if (i == 0 && frames(a) != frames(b)) {
                    out.add(String.format(Locale.ROOT, "%s: %d frames from %s, %d from %s", file, frames(a), a,
                            frames(b), b));
                }
                String difference = difference(a, b, minSdrDb);
                if (difference != null) {
                    out.add(file + ": " + difference);
                }
            }
        }
        return out;
    }

    /**
     * One Markdown table row: the file, each decoder's frame count (or "failed"), then the SDR of
     * each later decoder against the first, and of each after the second against the second
     * ({@code ∞} when bit-exact, {@code –} when either failed).
     */
    String row() {
        StringBuilder row = new StringBuilder("| ").append(file).append(" |");
        for (String decoder : samples.keySet()) {
            row.append(' ').append(errors.containsKey(decoder) ? "failed" : Long.toString(frames(decoder))).append(" |");
        }
        List<String> names = List.copyOf(samples.keySet());
        for (int i = 0; i < Math.min(2, names.size()); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                double sdr = sdrDb(names.get(i), names.get(j));
                row.append(' ').append(Double.isNaN(sdr) ? "–" : Double.isInfinite(sdr) ? "∞"
                        : String.format(Locale.ROOT, "%.1f dB", sdr)).append(" |");
            }
        }
        return row.toString();
    }

    /** The Markdown table header that goes with {@link #row()}. */
    String header() {
        StringBuilder header = new StringBuilder("| file |");
        samples.keySet().forEach(decoder -> header.append(" frames, ").append(decoder).append(" |"));
        List<String> names = List.copyOf(samples.keySet());
        for (int i = 0; i < Math.min(2, names.size()); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                header.append(" SDR ").append(names.get(j)).append(" : ").append(names.get(i)).append(" |");
            }
        }
        return header.toString();
    }

    private String difference(String a, String b, double minSdrDb) {
        float[] x = samples.get(a);
        float[] y = samples.get(b);
        int n = Math.min(x.length, y.length);
        if (Double.isInfinite(minSdrDb)) {
            for (int i = 0; i < n; i++) {
                if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) {
                    return String.format(Locale.ROOT, "%s and %s differ first at frame %d channel %d (%s, %s)", a, b,
                            i / channels, i % channels, x[i], y[i]);
                }
            }
            return null;
        }
        double sdr = sdrDb(a, b);
        double dbfs = FfmpegFixture.differenceDbfs(x, y);
        return sdr >= minSdrDb || dbfs <= INAUDIBLE_DIFFERENCE_DBFS ? null
                : String.format(Locale.ROOT, "%s against %s: %.1f dB signal-to-difference (%.1f dBFS difference)", b,
                        a, sdr, dbfs);
    }
}
