package io.reactiveaudio.conform;

import io.reactiveaudio.audio.AudioChunk;
import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.codec.TargetFormat;
import io.reactiveaudio.decode.ReaderConversion;
import io.reactiveaudio.dsp.resample.PolyphaseFilter;
import io.reactiveaudio.dsp.resample.ResampleRatio;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;

/**
 * Brings every source to one sample rate and channel layout: the sample-rate and channel policy
 * stage, on the decode operator's chunks.
 *
 * <p>Each source gets its own {@link Conformer}, the kernel: channels mapped by a
 * {@link ChannelPolicy}, the rate changed by the streaming
 * {@link io.reactiveaudio.dsp.resample.PolyphaseResampler} (quality in its Javadoc and
 * {@code docs/dsp.md}), its state kept across the source's chunks and its tail flushed into the
 * source's last chunk, so the output equals resampling each whole file at once, bit for bit,
 * whatever the chunk sizes. Sources already at the target rate and layout pass untouched (the
 * same chunk objects). Filters are designed once per rate pair and shared.
 *
 * <p>Emits one chunk per input chunk, except chunks whose input the resampler holds back
 * entirely (never the last one). CPU work runs on the thread delivering the chunks. Immutable and
 * thread-safe; each subscription has its own resamplers.
 */
public final class Conform implements Function<Flux<AudioChunk>, Flux<AudioChunk>> {

    private final int sampleRate;
    private final ChannelPolicy channels;
    private final Map<ResampleRatio, PolyphaseFilter> filters = new ConcurrentHashMap<>();

    private Conform(int sampleRate, ChannelPolicy channels) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
        }
        this.sampleRate = sampleRate;
        this.channels = Objects.requireNonNull(channels, "channels");
    }

    /** Every source resampled to {@code sampleRate} Hz, channels mapped by {@code channels}. */
    public static Conform to(int sampleRate, ChannelPolicy channels) {
        return new Conform(sampleRate, channels);
    }

    /** The target sample rate in Hz. */
    public int sampleRate() {
        return sampleRate;
    }

    /** The channel policy. */
    public ChannelPolicy channels() {
        return channels;
    }

    /**
     * What a decoder may convert to on its own thread so that this stage has less or nothing left
     * to do: the target rate, and the mix to mono when the policy is {@link ChannelPolicy#mono()}
     * (other policies are applied here, after the decoder's rate change).
     */
    public TargetFormat decoderTarget() {
        return new TargetFormat(sampleRate, channels.mixesToMono());
    }

    /**
     * This stage's conversion for the decode stage, applied to readers on the decoding thread (for
     * a decoder that converts itself, and a cache of conformed audio): the same samples this stage
     * makes of the reader's chunks. Its identity names the target rate, the channel policy and the
     * polyphase resampler's design.
     */
    public ReaderConversion readerConversion() {
        return new ReaderConversion() {
            @Override
            public TargetFormat target() {
                return decoderTarget();
            }

            @Override
            public PcmReader apply(PcmReader reader) {
                AudioInfo info = reader.info();
                try {
                    Conformer conformer = Conformer.of(info.sampleRate(), info.channels(), sampleRate, channels,
                            ratio -> filters.computeIfAbsent(ratio, PolyphaseFilter::design));
                    return conformer.passesThrough() ? reader : new ConformingReader(reader, conformer, sampleRate);
                } catch (IllegalArgumentException e) {
                    reader.close();
                    throw new IllegalArgumentException(info.path() + ": " + e.getMessage(), e);
                }
            }

            @Override
            public String identity() {
                return sampleRate + " Hz " + channels + ", polyphase passband " + PolyphaseFilter.PASSBAND_EDGE
                        + " stopband " + PolyphaseFilter.STOPBAND_ATTENUATION_DB + " dB";
            }

            @Override
            public String toString() {
                return "ReaderConversion[" + identity() + "]";
            }
        };
    }

    @Override
    public Flux<AudioChunk> apply(Flux<AudioChunk> chunks) {
        return Flux.defer(() -> {
            SourceState state = new SourceState();
            return chunks.handle(state::convert);
        });
    }

    /** The conversion of the current source. */
    private final class SourceState {

        private long sourceIndex = -1;
        private Conformer conformer;
        private AudioInfo outInfo;
        private long position;

        void convert(AudioChunk chunk, SynchronousSink<AudioChunk> sink) {
            if (chunk.source().index() != sourceIndex) {
                start(chunk);
            }
            if (conformer.passesThrough()) {
                sink.next(chunk);
                return;
            }
            int room = conformer.maxOutputFrames(chunk.frames(), chunk.last());
            float[] out = new float[room * conformer.outputChannels()];
            int frames = conformer.process(chunk.samples(), chunk.frames(), chunk.last(), out);
            if (frames > 0 || chunk.last()) {
                sink.next(new AudioChunk(chunk.source(), outInfo, position, out, frames, chunk.last()));
                position += frames;
            }
            if (chunk.last()) {
                sourceIndex = -1;
            }
        }

        private void start(AudioChunk chunk) {
            AudioInfo info = chunk.info();
            sourceIndex = chunk.source().index();
            position = 0;
            try {
                conformer = Conformer.of(info.sampleRate(), info.channels(), sampleRate, channels,
                        ratio -> filters.computeIfAbsent(ratio, PolyphaseFilter::design));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(info.path() + ": " + e.getMessage(), e);
            }
            long frames = info.framesKnown() ? conformer.outputFrames(info.frames()) : AudioInfo.UNKNOWN_FRAMES;
            outInfo = new AudioInfo(info.path(), info.codec(), sampleRate, conformer.outputChannels(), frames,
                    info.bitsPerSample(), info.mp3());
        }
    }
}
