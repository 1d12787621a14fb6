package io.reactiveaudio.conform;

import io.reactiveaudio.audio.AudioChunk;
import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.dsp.resample.PolyphaseFilter;
import io.reactiveaudio.dsp.resample.PolyphaseResampler;
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
 * <p>Channels are mapped by a {@link ChannelPolicy}; the rate is changed by the streaming
 * {@link PolyphaseResampler} (quality in its Javadoc and {@code docs/dsp.md}), one per source,
 * keeping its state across the source's chunks and flushing its tail into the source's last
 * chunk, so the output equals resampling each whole file at once, bit for bit, whatever the
 * chunk sizes. Channels are reduced before resampling and duplicated after it, so the resampler
 * runs on the fewest channels. Sources already at the target rate and layout pass untouched (the
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
        private boolean passThrough;
        private boolean reduceFirst;
        private int inChannels;
        private int outChannels;
        private PolyphaseResampler resampler;
        private AudioInfo outInfo;
        private long position;

        void convert(AudioChunk chunk, SynchronousSink<AudioChunk> sink) {
            if (chunk.source().index() != sourceIndex) {
                start(chunk);
            }
            if (passThrough) {
                sink.next(chunk);
                return;
            }
            float[] samples = chunk.samples();
            int frames = chunk.frames();
            if (reduceFirst) {
                samples = mapChannels(samples, frames);
            }
            if (resampler != null) {
                int resampledChannels = reduceFirst ? outChannels : inChannels;
                int room = resampler.maxOutputFrames(frames) + (chunk.last() ? resampler.tailFrames() : 0);
                float[] resampled = new float[Math.max(room, 0) * resampledChannels];
                int n = resampler.process(samples, 0, frames, resampled, 0);
                if (chunk.last()) {
                    n += resampler.flush(resampled, n);
                }
                samples = resampled;
                frames = n;
            }
            if (!reduceFirst) {
                samples = mapChannels(samples, frames);
            }
            if (frames > 0 || chunk.last()) {
                sink.next(new AudioChunk(chunk.source(), outInfo, position, samples, frames, chunk.last()));
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
            inChannels = info.channels();
            try {
                outChannels = channels.outputChannels(inChannels);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(info.path() + ": " + e.getMessage(), e);
            }
            boolean sameRate = info.sampleRate() == sampleRate;
            passThrough = sameRate && channels.isIdentity(inChannels);
            reduceFirst = outChannels <= inChannels;
            ResampleRatio ratio = new ResampleRatio(info.sampleRate(), sampleRate);
            resampler = sameRate ? null
                    : new PolyphaseResampler(filters.computeIfAbsent(ratio, PolyphaseFilter::design),
                            reduceFirst ? outChannels : inChannels);
            long frames = info.framesKnown() ? ratio.outputFrames(info.frames()) : AudioInfo.UNKNOWN_FRAMES;
            outInfo = new AudioInfo(info.path(), info.codec(), sampleRate, outChannels, frames, info.bitsPerSample(),
                    info.mp3());
        }

        private float[] mapChannels(float[] samples, int frames) {
            if (channels.isIdentity(inChannels)) {
                return samples;
            }
            float[] out = new float[frames * outChannels];
            channels.map(samples, frames, inChannels, out);
            return out;
        }
    }
}
