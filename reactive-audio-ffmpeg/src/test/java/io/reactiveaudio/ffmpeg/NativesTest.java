package io.reactiveaudio.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swresample;
import org.junit.jupiter.api.Test;

/** The natives load once, whether a preload or an open gets there first. */
class NativesTest {

    @Test
    void openersRacingAPreloadAllGetTheLoadedLibraries() throws Exception {
        ExecutorService openers = Executors.newFixedThreadPool(4);
        try {
            new FfmpegDecoders().decoders();
            List<CompletableFuture<Void>> loads = IntStream.range(0, 4)
                    .mapToObj(i -> CompletableFuture.runAsync(Natives::load, openers)).toList();
            CompletableFuture.allOf(loads.toArray(CompletableFuture[]::new)).get();
        } finally {
            openers.shutdown();
        }
        assertEquals(59, avutil.avutil_version() >>> 16);
        assertEquals(5, swresample.swresample_version() >>> 16);
        assertEquals(61, avcodec.avcodec_version() >>> 16);
        assertEquals(61, avformat.avformat_version() >>> 16);
        assertTrue(avutil.av_log_get_level() < avutil.AV_LOG_PANIC, "FFmpeg's own log is silenced");
    }
}
