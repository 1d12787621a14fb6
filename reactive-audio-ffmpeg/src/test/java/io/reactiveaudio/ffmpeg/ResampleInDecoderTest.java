package io.reactiveaudio.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.DecodedAudio;
import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.codec.TargetFormat;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.conform.Conform;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.dsp.resample.ResampleRatio;
import io.reactiveaudio.features.stage.FeatureBatch;
import io.reactiveaudio.pipeline.AudioPipeline;
import io.reactiveaudio.pipeline.SpeechPreset;
import io.reactiveaudio.source.Sources;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * FFmpeg decodes straight to the conform target (16 kHz mono) in libswresample, with the conform
 * stage's frame counts and within the stated tolerance of its polyphase resampler on the same
 * decoded input. With {@code RA_CORPUS} naming a folder (the shared corpus script's MP3s, say),
 * also every MP3 under it, printing the figures in {@code docs/ffmpeg.md}.
 */
class ResampleInDecoderTest {

    private static final AudioDecoders FFMPEG = AudioDecoders.preferring("ffmpeg");
    private static final TargetFormat SPEECH = new TargetFormat(16_000, true);
    private static final Conform CONFORM = Conform.to(16_000, ChannelPolicy.mono());

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "sine-44100-stereo.mp3,  44100, 2",
        "sine-44100-stereo.flac, 44100, 2",
        "sine-44100-stereo.m4a,  44100, 2",
        "sine-48000-stereo.opus, 48000, 2",
        "sine-22050-mono.ogg,    22050, 1",
    })
    void decodesTo16kMonoWithTheConformStagesLengthAndWithinItsTolerance(String name, int rate, int channels) {
        AudioSource source = AudioSource.of(0, FfmpegFixture.path(name));

        Comparison c = compare(source);

        assertEquals(rate, c.decoded.sampleRate());
        assertEquals(channels, c.decoded.channels());
        assertEquals(new AudioInfo(c.decoded.path(), c.decoded.codec(), 16_000, 1, c.conformed.info().frames(),
                c.decoded.bitsPerSample(), c.decoded.mp3()), c.inDecoder.info());
        assertEquals(c.conformed.frames(), c.inDecoder.frames(), "frames, exactly");
        assertTrue(c.snrDb() >= 90, name + ": " + c);
        assertTrue(c.maxAbsDifference() <= 1e-4, name + ": " + c);
    }

    @Test
    void onTheCorpusEveryMp3HasTheConformStagesLengthAndAgreesWithinTheStatedTolerance() throws IOException {
        String root = System.getenv("RA_CORPUS");
        assumeTrue(root != null && Files.isDirectory(Path.of(root)), "RA_CORPUS names no folder");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of(root))) {
            files = walk.filter(p -> p.toString().endsWith(".mp3")).sorted().toList();
        }
        double minSnr = Double.POSITIVE_INFINITY;
        double maxDifference = 0;
        long[] cpuNanos = new long[3];
        long frames = 0;
        for (Path file : files) {
            Comparison c = compare(AudioSource.of(0, file), cpuNanos);
            assertEquals(c.conformed.frames(), c.inDecoder.frames(), file + ": frames, exactly");
            minSnr = Math.min(minSnr, c.snrDb());
            maxDifference = Math.max(maxDifference, c.maxAbsDifference());
            frames += c.inDecoder.frames();
        }
        System.out.printf(Locale.ROOT, "%d MP3s, %.0f s at 16 kHz: min SNR %.1f dB, max |difference| %.2e; CPU s:"
                + " decode + swr to 16 kHz mono %.2f, decode then the conform stage's polyphase %.2f, decode alone"
                + " %.2f%n", files.size(), frames / 16_000.0, minSnr, maxDifference, cpuNanos[0] / 1e9,
                cpuNanos[1] / 1e9, cpuNanos[2] / 1e9);
        assertTrue(minSnr >= 60, "min SNR " + minSnr);
        assertTrue(maxDifference <= 1e-4, "max difference " + maxDifference);
    }

    @Test
    void aTruncatedFileDeliversTheConvertedFramesOfWhatDecodedThenFailsAsWithoutConversion() {
        AudioSource source = AudioSource.of(0, FfmpegFixture.path("sine-44100-stereo-truncated.mp3"));
        long[] decoded = readUntilFailure(FFMPEG.open(source));

        long[] converted = readUntilFailure(FFMPEG.open(source, SPEECH));

        assertEquals(1, decoded[1], "the file fails without conversion");
        assertEquals(1, converted[1], "and with it");
        assertEquals(new ResampleRatio(44_100, 16_000).outputFrames(decoded[0]),
                converted[0]);
    }

    /** Frames read before the reader failed or ended, and 1 if it failed with TRUNCATED (else 0). */
    private static long[] readUntilFailure(PcmReader reader) {
        float[] buffer = new float[2 * 4096];
        long frames = 0;
        try (reader) {
            for (int n = reader.read(buffer, 4096); n > 0; n = reader.read(buffer, 4096)) {
                frames += n;
            }
            return new long[] {frames, 0};
        } catch (AudioDecodeException e) {
            return new long[] {frames, e.kind() == AudioDecodeException.Kind.TRUNCATED ? 1 : 0};
        }
    }

    @Test
    void aStreamAlreadyAtTheTargetIsDeliveredAsDecoded() {
        Path file = FfmpegFixture.path("sine-44100-stereo.flac");
        AudioSource source = AudioSource.of(0, file);

        float[] kept = read(FFMPEG.open(source, new TargetFormat(44_100, false))).samples();

        assertArrayEquals(FFMPEG.decode(file).samples(), kept);
    }

    @Test
    void withoutLeaveTheDecoderDeliversTheFilesOwnRateAndTheConformStageResamples() {
        Path file = FfmpegFixture.path("sine-44100-stereo.mp3");
        List<AudioSource> sources = List.of(AudioSource.of(0, file));
        Decode decode = Decode.defaults().decoders(FFMPEG);

        try (PcmReader reader = decode.conforming(CONFORM.readerConversion()).open(sources.get(0))) {
            assertEquals(44_100, reader.info().sampleRate());
        }
        try (PcmReader reader = decode.conforming(CONFORM.readerConversion()).resampleInDecoder(true)
                .open(sources.get(0))) {
            assertEquals(16_000, reader.info().sampleRate());
            assertEquals(1, reader.info().channels());
        }
    }

    @Test
    void theSpeechPresetCutsTheSameWindowsWhenTheDecoderResamples() {
        AudioPipeline speech = AudioPipeline.from(Sources.of(FfmpegFixture.path("sine-44100-stereo.mp3"),
                        FfmpegFixture.path("sine-44100-stereo.flac"), FfmpegFixture.path("sine-48000-stereo.opus")))
                .preset(SpeechPreset.logMel().whisperScale(true).seconds(0.25).batch(2).shuffle(4))
                .dropLast(false).epochs(1).seed(7);
        Decode decode = Decode.defaults().decoders(FFMPEG);

        List<Items> inJava = features(speech.decode(decode));
        List<Items> inDecoder = features(speech.decode(decode.resampleInDecoder(true)));

        assertEquals(6, inJava.size());
        assertEquals(inJava.size(), inDecoder.size());
        for (int b = 0; b < inJava.size(); b++) {
            Items java = inJava.get(b);
            Items swr = inDecoder.get(b);
            assertArrayEquals(java.sources(), swr.sources(), "batch " + b + ": the same sources");
            assertArrayEquals(java.ordinals(), swr.ordinals(), "batch " + b + ": the same windows");
            assertArrayEquals(java.lengths(), swr.lengths(), "batch " + b + ": the same lengths");
            assertArrayEquals(java.features(), swr.features(), 0.005f, "batch " + b + ": Whisper-scaled log-mel");
        }
    }

    /** What a feature batch holds: its items' sources, window ordinals, lengths and features. */
    private record Items(long[] sources, long[] ordinals, int[] lengths, float[] features) {
    }

    private static List<Items> features(AudioPipeline pipeline) {
        return pipeline.featureFlux().map(batch -> {
            try (FeatureBatch held = batch) {
                float[] copy = new float[held.features().remaining()];
                held.features().get(copy);
                return new Items(held.sourceIndices(), held.ordinals(), held.lengths(), copy);
            }
        }).collectList().block();
    }

    /** The same source decoded straight to 16 kHz mono, and decoded as it is then conformed in Java. */
    static Comparison compare(AudioSource source) {
        return compare(source, new long[2]);
    }

    /** As {@link #compare(AudioSource)}, adding the CPU time of each way to {@code cpuNanos[0]} and {@code [1]}. */
    private static Comparison compare(AudioSource source, long[] cpuNanos) {
        var threads = ManagementFactory.getThreadMXBean();
        long decodeStart = threads.getCurrentThreadCpuTime();
        AudioInfo decoded = read(FFMPEG.open(source)).info();
        long start = threads.getCurrentThreadCpuTime();
        if (cpuNanos.length > 2) {
            cpuNanos[2] += start - decodeStart;
        }
        DecodedAudio inDecoder = read(FFMPEG.open(source, SPEECH));
        long middle = threads.getCurrentThreadCpuTime();
        DecodedAudio conformed = read(CONFORM.readerConversion().apply(FFMPEG.open(source)));
        cpuNanos[0] += middle - start;
        cpuNanos[1] += threads.getCurrentThreadCpuTime() - middle;
        return new Comparison(decoded, inDecoder, conformed);
    }

    private static DecodedAudio read(PcmReader reader) {
        try (reader) {
            return AudioDecoders.readAll(reader);
        }
    }

    /** The two conversions of one file and how far apart they are. */
    record Comparison(AudioInfo decoded, DecodedAudio inDecoder, DecodedAudio conformed) {

        double snrDb() {
            return FfmpegFixture.sdrDb(conformed.samples(), inDecoder.samples());
        }

        double maxAbsDifference() {
            double worst = 0;
            for (int i = 0; i < Math.min(conformed.samples().length, inDecoder.samples().length); i++) {
                worst = Math.max(worst, Math.abs(conformed.samples()[i] - inDecoder.samples()[i]));
            }
            return worst;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%d frames, SNR %.1f dB, max |difference| %.2e",
                    inDecoder.frames(), snrDb(), maxAbsDifference());
        }
    }
}
