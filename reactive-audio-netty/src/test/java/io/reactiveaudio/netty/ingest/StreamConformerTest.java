package io.reactiveaudio.netty.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reactiveaudio.dsp.resample.PolyphaseResampler;
import io.reactiveaudio.live.LiveFormat;
import io.reactiveaudio.test.Signals;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StreamConformerTest {

    @Test
    void aStreamInTheDeclaredFormatPassesAsItIs() {
        StreamConformer conformer = new StreamConformer(new LiveFormat(16_000, 2));
        float[] samples = Signals.noise(1, 16_000, 2, 100, 0.5);

        assertSame(samples, conformer.apply(samples, 16_000, 2));
        assertEquals(0, conformer.finish().length);
    }

    @Test
    void monoIsCopiedToEveryChannelAndTheWholeStreamIsResampled() {
        float[] mono = Signals.noise(2, 44_100, 1, 5_000, 0.5);
        float[] copies = new float[mono.length * 2];
        for (int i = 0; i < mono.length; i++) {
            Arrays.fill(copies, 2 * i, 2 * i + 2, mono[i]);
        }
        StreamConformer conformer = new StreamConformer(new LiveFormat(16_000, 2));

        float[] first = conformer.apply(Arrays.copyOf(mono, 3_000), 44_100, 1);
        float[] second = conformer.apply(Arrays.copyOfRange(mono, 3_000, 5_000), 44_100, 1);
        float[] tail = conformer.finish();

        assertArrayEquals(PolyphaseResampler.resample(copies, 2, 44_100, 16_000), concat(first, second, tail));
    }

    @Test
    void channelsAreMixedDownToTheirMean() {
        float[] stereo = Signals.noise(3, 16_000, 2, 50, 0.5);

        float[] mono = new StreamConformer(LiveFormat.mono(16_000)).apply(stereo, 16_000, 2);

        for (int i = 0; i < 50; i++) {
            assertEquals((stereo[2 * i] + stereo[2 * i + 1]) * 0.5f, mono[i]);
        }
    }

    @Test
    void otherChannelChangesAndFormatChangesAreRefused() {
        IllegalStateException channels = assertThrows(IllegalStateException.class,
                () -> new StreamConformer(new LiveFormat(16_000, 2)).apply(new float[6], 16_000, 3));
        assertEquals("cannot turn a stream of 3 channels into 2 channels", channels.getMessage());

        StreamConformer conformer = new StreamConformer(LiveFormat.mono(16_000));
        conformer.apply(new float[4], 16_000, 1);
        IllegalStateException format = assertThrows(IllegalStateException.class,
                () -> conformer.apply(new float[4], 8_000, 2));
        assertEquals("the stream changed format from 16000 Hz, 1 channels to 8000 Hz, 2 channels", format.getMessage());
    }

    private static float[] concat(float[]... parts) {
        float[] all = new float[0];
        for (float[] part : parts) {
            float[] next = Arrays.copyOf(all, all.length + part.length);
            System.arraycopy(part, 0, next, all.length, part.length);
            all = next;
        }
        return all;
    }
}
