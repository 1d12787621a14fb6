package io.reactiveaudio.netty.server;

import io.reactiveaudio.checkpoint.Checkpoint;
import io.reactiveaudio.pipeline.AudioPipeline;
import java.util.Objects;
import java.util.Optional;

/**
 * What a connection asks one epoch of a stream for: its shard, seed, the epoch, and the
 * checkpoint to resume after within that epoch. Immutable.
 *
 * @param rank this trainer's rank, {@code 0 <= rank < worldSize}
 * @param worldSize trainers sharing each epoch
 * @param seed seed of every random draw
 * @param epoch the epoch, from 0
 * @param resume the checkpoint to resume after; its epoch is {@code epoch}
 */
public record StreamRequest(int rank, int worldSize, long seed, long epoch, Optional<Checkpoint> resume) {

    public StreamRequest {
        String shard = checkShard(rank, worldSize);
        if (shard != null) {
            throw new IllegalArgumentException(shard);
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must not be negative: " + epoch);
        }
        Objects.requireNonNull(resume, "resume");
        resume.ifPresent(c -> {
            if (c.epoch() != epoch) {
                throw new IllegalArgumentException("the checkpoint is from epoch " + c.epoch() + ", not " + epoch);
            }
        });
    }

    /** What is wrong with shard {@code rank} of {@code worldSize}, naming both, or null if nothing. */
    static String checkShard(int rank, int worldSize) {
        if (worldSize < 1) {
            return "world_size must be at least 1, not " + worldSize;
        }
        if (rank < 0 || rank >= worldSize) {
            return "rank " + rank + " is not in 0.." + (worldSize - 1) + " (world_size " + worldSize + ")";
        }
        return null;
    }

    /**
     * {@code base} narrowed to this request: {@code shard(rank, worldSize)}, {@code seed},
     * epoch {@code epoch} alone ({@code startEpoch(epoch).epochs(epoch + 1)}), resumed from the
     * checkpoint if any.
     */
    public AudioPipeline apply(AudioPipeline base) {
        AudioPipeline pipeline = base.shard(rank, worldSize).seed(seed).startEpoch(epoch).epochs(epoch + 1);
        return resume.map(pipeline::resumeFrom).orElse(pipeline);
    }
}
