package io.reactiveaudio.ffmpeg;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The fixtures {@code src/test/fixtures/make-fixtures.sh} makes, and the signal they encode. */
final class FfmpegFixture {

    private FfmpegFixture() {
    }

    /** The path of a fixture under {@code src/test/resources/fixtures}. */
    static Path path(String name) {
        try {
            var url = FfmpegFixture.class.getResource("/fixtures/" + name);
            if (url == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The generated signal, interleaved: channel 0 is {@code 0.5 sin(2 pi 440 t)}, channel 1
     * {@code 0.25 sin(2 pi 1000 t)}, {@code t = n / rate} seconds.
     */
    static float[] signal(int rate, int channels, int frames) {
        float[] out = new float[frames * channels];
        for (int n = 0; n < frames; n++) {
            double t = (double) n / rate;
            out[n * channels] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * t));
            if (channels > 1) {
                out[n * channels + 1] = (float) (0.25 * Math.sin(2 * Math.PI * 1000 * t));
            }
        }
        return out;
    }

    /** Signal-to-difference ratio of {@code actual} against {@code reference}, in dB, over their common length. */
    static double sdrDb(float[] reference, float[] actual) {
        double signal = 0;
        double difference = 0;
        for (int i = 0; i < Math.min(reference.length, actual.length); i++) {
            signal += (double) reference[i] * reference[i];
            double d = (double) reference[i] - actual[i];
            difference += d * d;
        }
        return difference == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signal / difference);
    }

    /** Root-mean-square of {@code actual - reference} relative to full scale 1.0, in dBFS. */
    static double differenceDbfs(float[] reference, float[] actual) {
        double difference = 0;
        int n = Math.min(reference.length, actual.length);
        for (int i = 0; i < n; i++) {
            double d = (double) reference[i] - actual[i];
            difference += d * d;
        }
        return 10 * Math.log10(difference / Math.max(n, 1));
    }
}
