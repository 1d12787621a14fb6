package io.reactiveaudio.codec.mp3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.DecodedAudio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class Mp3StreamDecoderTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/mp3");

    /** The whole stream decoded from blocks of 1 to {@code largest} bytes. */
    private static float[] streamed(byte[] file, long seed, int largest, Mp3StreamDecoder decoder) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] out = new float[0];
        for (int at = 0; at < file.length; ) {
            int n = Math.min(file.length - at, 1 + random.nextInt(largest));
            out = concat(out, decoder.push(file, at, n));
            at += n;
        }
        return concat(out, decoder.finish());
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /**
     * The frame offset at which the file decoder's (gapless) output starts inside the stream's
     * output: from there to the stream's end, the samples are equal as numbers (the stream may give
     * -0.0 where the file gives 0.0). -1 if there is none.
     */
    private static int offsetOf(float[] file, float[] stream, int channels) {
        for (int d = 0; d * channels < stream.length; d++) {
            int at = d * channels;
            int n = Math.min(file.length, stream.length - at);
            int i = 0;
            while (i < n && file[i] == stream[at + i]) {
                i++;
            }
            if (i == n) {
                return d;
            }
        }
        return -1;
    }

    @Test
    void blocksCutAnywhereGiveTheFileDecodersSamplesAfterTheEncoderDelay() throws IOException {
        Path mp3 = FIXTURES.resolve("cbr128_stereo_44k.mp3");
        byte[] file = Files.readAllBytes(mp3);
        float[] expected = AudioDecoders.standard().decode(mp3).samples();

        float[] reference = null;
        for (long seed = 0; seed < 6; seed++) {
            Mp3StreamDecoder decoder = new Mp3StreamDecoder("test");
            float[] stream = streamed(file, seed, seed < 3 ? 7 : 3_000, decoder);

            assertEquals(44_100, decoder.sampleRate());
            assertEquals(2, decoder.channels());
            if (reference == null) {
                reference = stream;
                int d = offsetOf(expected, stream, 2);
                assertTrue(d >= 529, "JLayer's delay and the encoder's come first: " + d);
                assertTrue(stream.length - 2 * d >= expected.length - 2 * 1152,
                        "all but the decoder's flush at the end: " + (stream.length - 2 * d) + " of " + expected.length);
            }
            assertArrayEquals(reference, stream, "the same samples whatever the blocks (seed " + seed + ")");
        }
    }

    @Test
    void junkBeforeAndBetweenFramesIsSkippedAndCounted() throws IOException {
        byte[] clean = Files.readAllBytes(FIXTURES.resolve("cbr128_stereo_44k.mp3"));
        byte[] junk = new byte[1_000];
        new SplittableRandom(3).nextBytes(junk);
        for (int i = 0; i < junk.length; i++) {
            if ((junk[i] & 0xFF) == 0xFF) {
                junk[i] = 0;
            }
        }
        byte[] dirty = new byte[junk.length + clean.length];
        System.arraycopy(junk, 0, dirty, 0, junk.length);
        System.arraycopy(clean, 0, dirty, junk.length, clean.length);

        Mp3StreamDecoder decoder = new Mp3StreamDecoder("test");
        float[] stream = streamed(dirty, 1, 500, decoder);

        assertArrayEquals(streamed(clean, 1, 500, new Mp3StreamDecoder("clean")), stream);
        assertEquals(1_000, decoder.skippedBytes() - new Mp3StreamDecoder("x").skippedBytes()
                - skippedIn(clean));
    }

    private static long skippedIn(byte[] clean) {
        Mp3StreamDecoder decoder = new Mp3StreamDecoder("clean");
        streamed(clean, 1, 500, decoder);
        return decoder.skippedBytes();
    }

    @Test
    void aFrameThatDoesNotDecodeBecomesSilenceAndTheStreamGoesOn() throws IOException {
        byte[] clean = Files.readAllBytes(FIXTURES.resolve("cbr128_stereo_44k.mp3"));
        float[] expected = streamed(clean, 5, 700, new Mp3StreamDecoder("clean"));
        Mp3StreamDecoder decoder = new Mp3StreamDecoder("damaged");

        float[] stream = streamed(Mp3DamageTest.withFrameJLayerThrowsOn(clean, 6), 5, 700, decoder);

        assertEquals(expected.length, stream.length, "a frame of silence in place of the damaged one");
        assertTrue(decoder.concealedFrames() >= 1, decoder.concealedFrames() + " frames concealed");
        int beforeDamage = 6 * 1152 * 2;
        assertArrayEquals(Arrays.copyOf(expected, beforeDamage), Arrays.copyOf(stream, beforeDamage));
    }

    @Test
    void afterLoadingTheTablesDecodingNeverBlocksANonBlockingThread() throws IOException {
        byte[] file = Files.readAllBytes(FIXTURES.resolve("cbr64_mono_44k.mp3"));
        Mp3StreamDecoder.loadTables();

        float[] decoded = Mono.fromCallable(() -> streamed(file, 4, 300, new Mp3StreamDecoder("parallel")))
                .subscribeOn(Schedulers.parallel())
                .block();

        assertTrue(decoded.length > 0);
    }

    @Test
    void aStreamCutMidFrameGivesEveryCompleteFrame() throws IOException {
        byte[] file = Files.readAllBytes(FIXTURES.resolve("cbr64_mono_44k.mp3"));
        float[] whole = streamed(file, 2, 400, new Mp3StreamDecoder("whole"));

        float[] cut = streamed(Arrays.copyOf(file, file.length - 100), 2, 400, new Mp3StreamDecoder("cut"));

        assertTrue(cut.length < whole.length);
        assertEquals(0, cut.length % 1152, "whole MPEG frames only");
        assertArrayEquals(Arrays.copyOf(whole, cut.length), cut);
    }
}
