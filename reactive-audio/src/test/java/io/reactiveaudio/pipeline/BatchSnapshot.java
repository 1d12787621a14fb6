package io.reactiveaudio.pipeline;

import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.checkpoint.Checkpoint;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What an audio batch holds, copied out so that it can be compared after release: equal when the
 * items, samples, padding and items' metadata are (the checkpoint is kept to resume from, not compared).
 */
record BatchSnapshot(long[] sources, long[] ordinals, float[] samples, int padding, List<String> metadata,
                     Checkpoint checkpoint) {

    static BatchSnapshot of(Batch batch) {
        ByteBuffer bytes = batch.bytes();
        float[] samples = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(samples);
        return new BatchSnapshot(batch.sourceIndices(), batch.ordinals(), samples, batch.padding(), batch.metadata(),
                batch.checkpoint().orElse(null));
    }

    /** Every batch of {@code pipeline}, copied out in order; releases them. */
    static List<BatchSnapshot> run(AudioPipeline pipeline) {
        List<BatchSnapshot> out = new ArrayList<>();
        pipeline.flux().doOnNext(batch -> {
            out.add(of(batch));
            batch.release();
        }).blockLast(Duration.ofSeconds(60));
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchSnapshot s && Arrays.equals(sources, s.sources) && Arrays.equals(ordinals, s.ordinals)
                && Arrays.equals(samples, s.samples) && padding == s.padding && metadata.equals(s.metadata);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(samples);
    }

    @Override
    public String toString() {
        return Arrays.toString(sources) + Arrays.toString(ordinals) + (padding > 0 ? " padding " + padding : "");
    }
}
