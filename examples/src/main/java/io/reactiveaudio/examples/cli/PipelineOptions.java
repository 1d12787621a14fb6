package io.reactiveaudio.examples.cli;

import io.reactiveaudio.batch.Layout;
import io.reactiveaudio.cache.CacheFormat;
import io.reactiveaudio.cache.DecodedAudioCache;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.pipeline.AudioPipeline;
import io.reactiveaudio.source.SourceSet;
import io.reactiveaudio.source.Sources;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The training pipeline options of the commands that run it over a corpus ({@code bench},
 * {@code serve}): segment length, batch size, shuffle window, batch layout, resampling in the
 * decoder and the decoded-audio cache. Segment length, batch size and window default to smaller values on the built-in demo
 * corpus. Filled in by picocli on the parsing thread; read on the command's thread.
 */
final class PipelineOptions {

    @Option(names = "--frame", paramLabel = "F", description = "Segment length in frames (default 196608; 4096 on the demo corpus).")
    Integer frame;

    @Option(names = "--batch", paramLabel = "B", description = "Segments per batch (default 32; 8 on the demo corpus).")
    Integer batch;

    @Option(names = "--buffer", paramLabel = "N", description = "Shuffle window in segments (default 1000; 64 on the demo corpus).")
    Integer buffer;

    @Option(names = "--layout", defaultValue = "btc", description = "btc (batch, time, channels) or bct.")
    String layout;

    @Option(names = "--cache", paramLabel = "DIR", description = "Decode each file once into this directory "
            + "(checksummed PCM files, read block by block) and serve later epochs and later runs from it (with serve, later connections "
            + "too).")
    Path cacheDir;

    @Option(names = "--cache-max", paramLabel = "BYTES", defaultValue = "64G", converter = ByteSize.class,
            description = "Bound of the cache directory, e.g. 20G (default 64G).")
    long cacheMax;

    @Option(names = "--cache-format", defaultValue = "float32", description = "float32 (exact) or int16 (half the "
            + "disk, 16-bit rounding).")
    String cacheFormat;

    @Option(names = "--cache-conformed", description = "With --cache: store the audio conformed to the pipeline's "
            + "rate and channels (16 kHz mono with --preset speech-logmel: a sixth of the bytes of 44.1 kHz stereo), "
            + "so a cached file needs neither decoding nor resampling.")
    boolean cacheConformed;

    @Option(names = "--resample-in-decoder", description = "Let the FFmpeg backend resample and mix down to the "
            + "pipeline's rate and channels while it decodes (libswresample, within 1e-4 of the built-in resampler: "
            + "see docs/ffmpeg.md) instead of a second pass in Java.")
    boolean resampleInDecoder;

    @Option(names = "--shards", paramLabel = "SPEC", description = "Read tar shards instead of DIR: a path or URL "
            + "(s3://, http(s)://) with brace ranges, e.g. s3://bucket/train/shard-{000000..000511}.tar, a .txt list "
            + "of them or a folder of .tar files (see docs/sources.md).")
    String shards;

    @Option(names = "--shard-labels", paramLabel = "FROM", description = "Labels of --shards: cls, txt or json:FIELD.")
    String shardLabels;

    @Mixin
    S3EndpointOption s3;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** Segment length in frames: {@code --frame}, else 4 096 on the demo corpus and 196 608 on another. */
    int frame(boolean demo) {
        return frame != null ? frame : demo ? 4096 : 196_608;
    }

    /** Segments per batch: {@code --batch}, else 8 on the demo corpus and 32 on another. */
    int batch(boolean demo) {
        return batch != null ? batch : demo ? 8 : 32;
    }

    /** Shuffle window in segments: {@code --buffer}, else 64 on the demo corpus and 1 000 on another. */
    int buffer(boolean demo) {
        return buffer != null ? buffer : demo ? 64 : 1000;
    }

    /** Whether {@code --shards} replaces the corpus folder. */
    boolean readsShards() {
        return shards != null;
    }

    /**
     * The samples of {@code --shards} with the labels of {@code --shard-labels}, listed now
     * (blocking); {@code --s3-endpoint} is set for the S3 client first.
     */
    SourceSet shardSources() {
        s3.apply();
        return Sources.shards(shards).labels(shardLabels).scan();
    }

    /** The directory of {@code --cache}, or null without it. */
    Path cacheDir() {
        return cacheDir;
    }

    /**
     * A new cache in {@code --cache} of at most {@code --cache-max} bytes in {@code --cache-format},
     * storing conformed audio with {@code --cache-conformed}, or null without {@code --cache} ({@code --cache-format} is then not read).
     *
     * @throws ParameterException if {@code --cache-format} names no format
     */
    DecodedAudioCache cache() {
        if (cacheDir == null) {
            return null;
        }
        return DecodedAudioCache.onDisk(cacheDir, cacheMax)
                .withFormat(EnumOption.parse(spec.commandLine(), "--cache-format", cacheFormat, CacheFormat.class))
                .storingConformed(cacheConformed);
    }

    /** {@code stage} letting decoders resample when {@code --resample-in-decoder} is given. */
    Decode decode(Decode stage) {
        return stage.resampleInDecoder(resampleInDecoder);
    }

    /**
     * {@code decoded} cut into segments of {@link #frame} frames with the random prepend, mixed in a
     * shuffle window of {@link #buffer} segments (filled completely before the first one leaves) and
     * packed into batches of {@link #batch} segments in the {@code --layout} order; its files are
     * opened through {@code cache} unless it is null.
     *
     * @param decoded the pipeline up to its decode and conform stages
     * @param demo whether it reads the demo corpus (for the defaults)
     * @param cache the cache of {@link #cache()}, or null
     * @throws ParameterException if {@code --layout} names no layout
     * @throws IllegalArgumentException if a size is less than 1 (as {@link AudioPipeline} checks it)
     */
    AudioPipeline batches(AudioPipeline decoded, boolean demo, DecodedAudioCache cache) {
        AudioPipeline pipeline = decoded.frames(frame(demo)).shuffle(buffer(demo)).batch(batch(demo))
                .layout(EnumOption.parse(spec.commandLine(), "--layout", layout, Layout.class));
        return cache == null ? pipeline : pipeline.cache(cache);
    }
}
