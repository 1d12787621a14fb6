package io.reactiveaudio.examples.cli;

import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.DecodedAudio;
import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.examples.image.SpectrogramImage;
import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.mel.LogMel;
import io.reactiveaudio.features.mel.MelScale;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code reactive-audio spectrogram FILE --out FILE.png}: draws the log-mel spectrogram of a file (mixed
 * to mono) as a PNG with time and frequency axes and a dB colour bar, to see what a model will be fed.
 * The matrix comes from the core {@link LogMel} extractor. Decoding, analysis and writing run on a
 * bounded-elastic thread; no display or AWT fonts are needed.
 * The excerpt drawn is decoded into memory whole (4 bytes per sample and channel): use {@code --start}
 * and {@code --duration} on long recordings.
 */
@Command(name = "spectrogram", description = "Draws FILE's log-mel spectrogram (mono mix, torchaudio MelSpectrogram "
        + "defaults: periodic Hann, centred, reflect padding, HTK mel scale, power to dB) as a PNG.")
final class SpectrogramCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "An MP3, WAV or FLAC file.")
    Path file;

    @Option(names = "--out", paramLabel = "FILE.png", required = true, description = "The PNG to write.")
    Path out;

    @Option(names = "--n-mels", paramLabel = "N", defaultValue = "80", description = "Mel bands (default ${DEFAULT-VALUE}).")
    int nMels;

    @Option(names = "--n-fft", paramLabel = "N", defaultValue = "1024", description = "FFT size in samples (default ${DEFAULT-VALUE}).")
    int nFft;

    @Option(names = "--hop-length", paramLabel = "N", defaultValue = "256",
            description = "Samples between frames (default ${DEFAULT-VALUE}).")
    int hopLength;

    @Option(names = "--top-db", paramLabel = "DB", defaultValue = "80",
            description = "Dynamic range shown below the loudest value, in dB (default ${DEFAULT-VALUE}).")
    double topDb;

    @Option(names = "--start", paramLabel = "S", defaultValue = "0", description = "Start in the file, in seconds (default 0).")
    double start;

    @Option(names = "--duration", paramLabel = "S", description = "Seconds to draw (default: to the end).")
    Double duration;

    @Option(names = "--width", paramLabel = "PX", defaultValue = "900",
            description = "Width of the plot area in pixels (default ${DEFAULT-VALUE}); axes and colour bar come on top.")
    int width;

    @Option(names = "--height", paramLabel = "PX", defaultValue = "320",
            description = "Height of the plot area in pixels (default ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--scaling", paramLabel = "MODE", defaultValue = "bilinear",
            description = "Resampling of the matrix to the plot: bilinear or nearest (default ${DEFAULT-VALUE}).")
    String scaling;

    @Option(names = "--title", paramLabel = "TEXT", description = "Title line (default: the file name); the analysis settings follow in a smaller line.")
    String title;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SpectrogramImage.Scaling how = switch (scaling.toLowerCase(Locale.ROOT)) {
            case "bilinear" -> SpectrogramImage.Scaling.BILINEAR;
            case "nearest" -> SpectrogramImage.Scaling.NEAREST;
            default -> throw new ParameterException(spec.commandLine(), "--scaling must be bilinear or nearest, got "
                    + scaling);
        };
        if (!(start >= 0) || (duration != null && !(duration > 0))) {
            throw new ParameterException(spec.commandLine(), "--start must be >= 0 and --duration > 0");
        }
        String summary = Mono.fromCallable(() -> draw(how)).subscribeOn(Schedulers.boundedElastic()).block();
        spec.commandLine().getOut().println(summary);
        return 0;
    }

    private String draw(SpectrogramImage.Scaling how) throws IOException {
        AudioSource source = new AudioSource(0, file, null, -1, start, duration == null ? AudioSource.TO_END : duration);
        DecodedAudio audio;
        try (PcmReader reader = AudioDecoders.standard().open(source)) {
            audio = AudioDecoders.readAll(reader);
        }
        if (audio.frames() == 0) {
            throw new IllegalArgumentException(file + ": no audio from " + start + " s on");
        }
        int rate = audio.info().sampleRate();
        LogMel logMel = LogMel.builder().sampleRate(rate).nFft(nFft).hopLength(hopLength).nMels(nMels).build();
        float[] mono = mono(audio);
        int frames = logMel.frames(mono.length);
        float[] values = new float[logMel.bins() * frames];
        logMel.newWorker().compute(mono, 0, mono.length, values, 0, FeatureLayout.BINS_FRAMES);
        String settings = String.format(Locale.ROOT, "log-mel   %d mels   n_fft %d   hop %d   %s kHz   top_db %s",
                nMels, nFft, hopLength, trim(rate / 1000.0), trim(topDb));
        SpectrogramImage picture = SpectrogramImage.of(values, nMels, frames)
                .title(title != null ? title : file.getFileName().toString(), settings)
                .time(hopLength, rate, start)
                .frequencies(centreHz(nMels, rate))
                .topDb(topDb)
                .size(width, height, how);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        picture.writePng(out);
        return String.format(Locale.ROOT, "wrote %s: %d mels x %d frames, %.2f s from %.2f s", out, nMels,
                frames, audio.durationSeconds(), start);
    }

    /**
     * The centre frequency in Hz of each of {@code nMels} bands of the default HTK filter bank from 0 Hz to
     * {@code sampleRate / 2}: the band edges are equally spaced in mels and band m peaks at edge m + 1.
     */
    static double[] centreHz(int nMels, int sampleRate) {
        double top = MelScale.HTK.toMel(sampleRate / 2);
        double[] hz = new double[nMels];
        for (int m = 0; m < nMels; m++) {
            hz[m] = MelScale.HTK.toHz(top * (m + 1) / (nMels + 1));
        }
        return hz;
    }

    /** The average of the channels. */
    static float[] mono(DecodedAudio audio) {
        int channels = audio.info().channels();
        float[] samples = audio.samples();
        if (channels == 1) {
            return samples;
        }
        float[] mono = new float[samples.length / channels];
        for (int i = 0; i < mono.length; i++) {
            float sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += samples[i * channels + c];
            }
            mono[i] = sum / channels;
        }
        return mono;
    }

    private static String trim(double value) {
        String s = String.format(Locale.ROOT, "%.3f", value);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
