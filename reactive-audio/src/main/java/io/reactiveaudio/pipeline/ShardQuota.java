package io.reactiveaudio.pipeline;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.dsp.resample.ResampleRatio;
import io.reactiveaudio.framing.Framing;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The number of batches every rank of a sharded pipeline delivers in an epoch, so that ranks
 * training together take the same number of steps: the smallest number of full batches any rank's
 * files give, counted from the frame counts in the files' headers.
 *
 * <p>A file whose header does not state its length (an MP3 without a Xing tag), or that cannot be
 * opened, counts as giving no segment, so the quota is a lower bound that every rank reaches
 * unless a file decodes shorter than its header says. Opening the files is blocking: build it on a
 * bounded-elastic thread. Immutable after construction.
 */
final class ShardQuota {

    private final PipelineSettings settings;
    private final Map<Long, Long> frames = new HashMap<>();

    /** Reads every source's header (blocking). */
    ShardQuota(PipelineSettings settings) {
        this.settings = settings;
        for (AudioSource source : settings.sources.sources()) {
            frames.put(source.index(), conformedFrames(source));
        }
    }

    /** The batches each rank delivers in the epoch whose file order is {@code order}. */
    long batchesPerRank(long epoch, List<AudioSource> order) {
        Framing framing = settings.framing.keyed(settings.seed, epoch);
        long fewest = Long.MAX_VALUE;
        for (int rank = 0; rank < settings.worldSize; rank++) {
            long segments = 0;
            for (int i = rank; i < order.size(); i += settings.worldSize) {
                AudioSource source = order.get(i);
                long n = frames.get(source.index());
                if (n > 0) {
                    segments += framing.segments(source.index(), n);
                }
            }
            fewest = Math.min(fewest, segments / settings.batch);
        }
        return fewest;
    }

    private long conformedFrames(AudioSource source) {
        try (PcmReader reader = settings.decode.decoders().open(source)) {
            AudioInfo info = reader.info();
            if (!info.framesKnown()) {
                return 0;
            }
            if (settings.conform == null || settings.conform.sampleRate() == info.sampleRate()) {
                return info.frames();
            }
            return new ResampleRatio(info.sampleRate(), settings.conform.sampleRate()).outputFrames(info.frames());
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
