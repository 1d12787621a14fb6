package io.reactiveaudio.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_uninit;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set_double;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set_int;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_drop_output;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_get_out_samples;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;
import static org.bytedeco.ffmpeg.global.swresample.swr_inject_silence;
import static org.bytedeco.ffmpeg.global.swresample.swr_set_matrix;

import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.TargetFormat;
import io.reactiveaudio.dsp.resample.ResampleRatio;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Resamples interleaved float32 audio to a {@link TargetFormat} in libswresample, averaging the
 * channels into one first where the target asks for mono (an explicit matrix of {@code 1 / n}, as
 * {@code ChannelPolicy.mono()} mixes, not FFmpeg's default downmix), on the calling thread.
 *
 * <p><b>Filter.</b> A Kaiser-windowed sinc ({@value #DESIGN}), exact rational phases (160 for
 * 44.1 to 16 kHz, so no interpolation between phases), designed to sit close to the conform
 * stage's polyphase filter (cutoff at 0.95 of the lower Nyquist frequency, about 90 dB of
 * stopband); the measured difference is in {@code docs/ffmpeg.md}. The filter is centred, so
 * output frame {@code k} lies at input time {@code k * inputRate / outputRate}, as in the conform
 * stage.
 *
 * <p><b>Edges.</b> libswresample mirrors the signal at the start and at the end of a stream; the
 * conform stage takes silence before and after it. So that both resample the same signal, the
 * conversion feeds {@link #edgeFrames silence} longer than the filter before the first frame (a
 * whole number of {@code inputRate / gcd} frames, whose output it drops: exactly
 * {@code edgeFrames * outputRate / inputRate} frames) and after the last; the mirrored part is
 * then silence too, and only the filters' own difference remains (some 110 dB below the signal on
 * the fixtures).
 *
 * <p><b>Length.</b> For {@code n} input frames the output has exactly
 * {@link ResampleRatio#outputFrames ceil(n * outputRate / inputRate)} frames, as the conform
 * stage gives: {@link #finish()} drains the frames libswresample holds back and pads with silence
 * (or cuts) to that count. Not thread-safe; frees its natives on {@link #close()}.
 */
final class SwrConversion implements AutoCloseable {

    /** The filter's settings: part of the decoders' {@code conversion()} identity. */
    static final String DESIGN = "libswresample filter_size 112, cutoff 0.95, kaiser_beta 9, exact_rational";

    private static final int FILTER_SIZE = 112;
    private static final double CUTOFF = 0.95;
    private static final double KAISER_BETA = 9;

    private final Path path;
    private final int outputChannels;
    private final ResampleRatio ratio;
    private final SwrContext context;
    private final NativeFrames output;
    private long inputFrames;
    private long outputFrames;

    /**
     * A conversion of a stream of {@code inputChannels} channels at {@code inputRate} Hz.
     *
     * @throws AudioDecodeException UNSUPPORTED when libswresample refuses the conversion
     */
    SwrConversion(Path path, int inputRate, int inputChannels, TargetFormat target) {
        this.path = path;
        this.outputChannels = target.outputChannels(inputChannels);
        this.ratio = new ResampleRatio(inputRate, target.sampleRate());
        this.context = open(inputRate, inputChannels, target);
        this.output = new NativeFrames(outputChannels);
        int edge = edgeFrames(ratio);
        int r = swr_inject_silence(context, edge);
        if (r >= 0) {
            r = swr_drop_output(context, (int) ((long) edge * ratio.up() / ratio.down()));
        }
        if (r < 0) {
            swr_free(context);
            throw FfmpegErrors.of(path, r, AudioDecodeException.UNKNOWN_OFFSET, "libswresample cannot pad the start");
        }
    }

    /**
     * The silence fed before and after the stream: longer than the filter at the input rate, and a
     * whole number of {@code ratio.down()} frames so its output is a whole number of frames.
     */
    static int edgeFrames(ResampleRatio ratio) {
        double inputPerOutput = Math.max(1.0, (double) ratio.inputRate() / ratio.outputRate());
        long filter = (long) Math.ceil(FILTER_SIZE * inputPerOutput / CUTOFF);
        long rounded = (filter + ratio.down() - 1) / ratio.down() * ratio.down();
        return Math.toIntExact(rounded);
    }

    private SwrContext open(int inputRate, int inputChannels, TargetFormat target) {
        AVChannelLayout in = new AVChannelLayout();
        AVChannelLayout out = new AVChannelLayout();
        SwrContext swr;
        int r;
        try (PointerPointer<SwrContext> allocated = new PointerPointer<>(1)) {
            av_channel_layout_default(in, inputChannels);
            av_channel_layout_default(out, outputChannels);
            allocated.put(0, null);
            r = swr_alloc_set_opts2(allocated, out, AV_SAMPLE_FMT_FLT, target.sampleRate(), in, AV_SAMPLE_FMT_FLT,
                    inputRate, 0, null);
            swr = allocated.get(SwrContext.class, 0);
        } finally {
            av_channel_layout_uninit(in);
            av_channel_layout_uninit(out);
            in.close();
            out.close();
        }
        if (r >= 0) {
            r = configure(swr, inputChannels, target);
        }
        if (r >= 0) {
            r = swr_init(swr);
        }
        if (r < 0) {
            if (swr != null && !swr.isNull()) {
                swr_free(swr);
            }
            throw FfmpegErrors.of(path, r, AudioDecodeException.UNKNOWN_OFFSET, "libswresample cannot convert "
                    + inputRate + " Hz, " + inputChannels + " channels to " + target);
        }
        return swr;
    }

    private static int configure(SwrContext swr, int inputChannels, TargetFormat target) {
        int r = av_opt_set_int(swr, "filter_size", FILTER_SIZE, 0);
        r = Math.min(r, av_opt_set_double(swr, "cutoff", CUTOFF, 0));
        r = Math.min(r, av_opt_set_double(swr, "kaiser_beta", KAISER_BETA, 0));
        r = Math.min(r, av_opt_set_int(swr, "exact_rational", 1, 0));
        if (r >= 0 && target.mixToMono() && inputChannels > 1) {
            double[] mean = new double[inputChannels];
            Arrays.fill(mean, 1.0 / inputChannels);
            r = swr_set_matrix(swr, mean, inputChannels);
        }
        return r;
    }

    /** Interleaved channels per output frame. */
    int outputChannels() {
        return outputChannels;
    }

    /** The output's length for a stream of {@code frames} input frames. */
    long outputFrames(long frames) {
        return ratio.outputFrames(frames);
    }

    /** Where {@link #convert} and {@link #finish} put their frames, from position 0. */
    FloatPointer output() {
        return output.samples();
    }

    /**
     * Converts the first {@code frames} frames of the interleaved buffer {@code input} points to;
     * some output may be held back until later input, or {@link #finish()}.
     *
     * @return frames now at the start of {@link #output()}
     */
    int convert(PointerPointer<FloatPointer> input, int frames) {
        output.reserve(swr_get_out_samples(context, frames));
        int n = swr_convert(context, output.planes(), output.capacity(), input, frames);
        if (n < 0) {
            throw FfmpegErrors.of(path, n, AudioDecodeException.UNKNOWN_OFFSET, "libswresample cannot resample");
        }
        inputFrames += frames;
        return take(n);
    }

    /**
     * Ends the stream: the frames held back, with silence added or frames cut so that the whole
     * output has {@link #outputFrames(long) outputFrames(n)} frames for the {@code n} converted.
     *
     * @return frames now at the start of {@link #output()}
     */
    int finish() {
        int r = swr_inject_silence(context, edgeFrames(ratio));
        if (r < 0) {
            throw FfmpegErrors.of(path, r, AudioDecodeException.UNKNOWN_OFFSET, "libswresample cannot pad the end");
        }
        long missing = outputFrames(inputFrames) - outputFrames;
        output.reserve((int) Math.max(missing, swr_get_out_samples(context, 0)));
        int n = swr_convert(context, output.planes(), output.capacity(), (PointerPointer<?>) null, 0);
        if (n < 0) {
            throw FfmpegErrors.of(path, n, AudioDecodeException.UNKNOWN_OFFSET, "libswresample cannot drain its filter");
        }
        if (n < missing) {
            Pointer.memset(output.samples().position((long) n * outputChannels), 0,
                    (missing - n) * outputChannels * Float.BYTES);
            n = (int) missing;
        }
        return take(n);
    }

    /** Counts {@code n} new output frames, cut to the length the input so far allows. */
    private int take(int n) {
        int kept = (int) Math.min(n, outputFrames(inputFrames) - outputFrames);
        outputFrames += kept;
        return kept;
    }

    @Override
    public void close() {
        swr_free(context);
        output.close();
    }
}
