package io.reactiveaudio.pipeline;

import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.audio.Segment;
import io.reactiveaudio.dsp.convert.PcmConversion;

/**
 * A segment as the shuffle window holds it, with the lane cursors right after it arrived (null
 * for segments restored from a checkpoint). In 16-bit mode its samples are kept as
 * {@link PcmConversion#toInt16(float) int16} (rounded half to even, clipped), half the memory of
 * float32, and expanded to {@code s / 32768} when it leaves. Immutable.
 */
final class Arrival {

    private final Segment segment;
    private final short[] compact;
    private final AudioSource source;
    private final long ordinal;
    private final int channels;
    private final int sampleRate;
    private final LaneCursors after;

    private Arrival(Segment segment, short[] compact, LaneCursors after) {
        this.segment = compact == null ? segment : null;
        this.compact = compact;
        this.source = segment.source();
        this.ordinal = segment.ordinal();
        this.channels = segment.channels();
        this.sampleRate = segment.sampleRate();
        this.after = after;
    }

    static Arrival of(Segment segment, boolean int16, LaneCursors after) {
        if (!int16) {
            return new Arrival(segment, null, after);
        }
        float[] samples = segment.samples();
        short[] compact = new short[samples.length];
        PcmConversion.toInt16(samples, 0, compact, 0, samples.length);
        return new Arrival(segment, compact, after);
    }

    AudioSource source() {
        return source;
    }

    long ordinal() {
        return ordinal;
    }

    LaneCursors after() {
        return after;
    }

    /** The segment, expanded back to float32 in 16-bit mode. */
    Segment segment() {
        if (compact == null) {
            return segment;
        }
        float[] samples = new float[compact.length];
        PcmConversion.fromInt16(compact, 0, samples, 0, compact.length);
        return new Segment(source, ordinal, samples, compact.length / channels, channels, sampleRate);
    }
}
