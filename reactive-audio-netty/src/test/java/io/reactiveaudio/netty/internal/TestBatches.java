package io.reactiveaudio.netty.internal;

import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.audio.Segment;
import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.batch.Batcher;
import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.Layout;
import java.nio.file.Path;
import java.time.Duration;
import reactor.core.publisher.Flux;

/** Batches of known contents for tests: sample i of segment k is {@code k + i / 1000}. */
public final class TestBatches {

    private TestBatches() {
    }

    /** {@code count} batches of {@code items} segments of {@code frames} frames of {@code channels} channels from {@code pool}. */
    public static Flux<Batch> of(BufferPool pool, int count, int items, int frames, int channels, Layout layout) {
        return Flux.range(0, count * items)
                .map(k -> segment(k, frames, channels))
                .transform(Batcher.of(items).layout(layout).pool(pool));
    }

    /** One batch, blocking until made. */
    public static Batch one(BufferPool pool, int items, int frames, int channels, Layout layout) {
        return of(pool, 1, items, frames, channels, layout).blockFirst(Duration.ofSeconds(10));
    }

    /** Segment k: labelled {@code k % 3}, source index {@code 100 + k}, ordinal {@code k % 2}. */
    static Segment segment(int k, int frames, int channels) {
        float[] samples = new float[frames * channels];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = k + i / 1000f;
        }
        AudioSource source = new AudioSource(100 + k, Path.of("s" + k + ".wav"), "l" + k % 3, k % 3, 0,
                AudioSource.TO_END);
        return new Segment(source, k % 2, samples, frames, channels, 16_000);
    }
}
