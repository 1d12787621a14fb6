package io.reactiveaudio.pipeline;

import io.reactiveaudio.audio.AudioSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The units an epoch shuffles and deals to lanes: each file alone, and the consecutive samples of
 * one tar shard together. Stateless.
 */
final class ShardGroups {

    private ShardGroups() {
    }

    /** {@code sources} cut into units, in order: a new unit at every file and at every change of shard. */
    static List<List<AudioSource>> of(List<AudioSource> sources) {
        List<List<AudioSource>> groups = new ArrayList<>();
        List<AudioSource> current = null;
        for (AudioSource source : sources) {
            if (current == null || !sameShard(current.get(current.size() - 1), source)) {
                current = new ArrayList<>();
                groups.add(current);
            }
            current.add(source);
        }
        return groups;
    }

    /** Whether two neighbouring items belong to one unit: samples of the same shard. */
    static boolean sameShard(AudioSource a, AudioSource b) {
        return a.inShard() && b.inShard() && Objects.equals(a.location().shard(), b.location().shard());
    }
}
