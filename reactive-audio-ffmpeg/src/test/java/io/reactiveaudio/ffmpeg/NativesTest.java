package io.reactiveaudio.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/**
 * The natives load once, whether a preload or an open gets there first; the backend tells which
 * platform it runs on, which natives it found, and why it falls back when they are missing.
 */
class NativesTest {

    @Test
    void theDefaultBuildBundlesLinuxX8664AloneAndSaysSo() {
        assertTrue(Natives.bundles("linux-x86_64"));
        for (String other : List.of("linux-arm64", "macosx-arm64", "macosx-x86_64", "windows-x86_64")) {
            assertFalse(Natives.bundles(other), other);
        }
        assertEquals("FFmpeg natives for linux-x86_64 found (class path holds [linux-x86_64])",
                Natives.describe("linux-x86_64", List.of("linux-x86_64")));
        assertEquals(Natives.describe(), FfmpegDecoders.platformReport());
    }

    @Test
    void aPlatformWithoutItsNativesIsToldWhyAndWhichProfileBuildsThem() {
        assertEquals("no FFmpeg natives for linux-arm64 (class path holds [linux-x86_64]); build with"
                + " -Pffmpeg-linux-arm64 (or add org.bytedeco:ffmpeg and org.bytedeco:javacpp with classifier"
                + " linux-arm64): the ffmpeg backend is unavailable and decoding falls back to the built-in decoders",
                Natives.describe("linux-arm64", List.of("linux-x86_64")));
        assertEquals("no FFmpeg natives for linux-ppc64le (class path holds none); bytedeco ships FFmpeg for"
                + " [linux-x86_64, linux-arm64, macosx-arm64, macosx-x86_64, windows-x86_64] only: the ffmpeg backend"
                + " is unavailable and decoding falls back to the built-in decoders",
                Natives.describe("linux-ppc64le", List.of()));
    }

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
