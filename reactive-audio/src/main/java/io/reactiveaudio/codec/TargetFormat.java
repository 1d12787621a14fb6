package io.reactiveaudio.codec;

/**
 * The sample rate and channel mix a pipeline conforms its audio to, offered to a decoder that can
 * convert on its own decoding thread ({@link AudioDecoder#open(ByteInput, TargetFormat)}).
 *
 * <p>A request, not a promise: a decoder that cannot convert ignores it, and the reader's
 * {@link PcmReader#info()} states what it delivers, so the conform stage after it does whatever
 * is left (nothing when the reader delivers the target). A converting reader delivers exactly
 * {@link io.reactiveaudio.dsp.resample.ResampleRatio#outputFrames ceil(n * sampleRate / inputRate)}
 * frames for {@code n} decoded frames, as the conform stage does. Immutable.
 *
 * @param sampleRate the target rate in Hz, at least 1
 * @param mixToMono whether the channels are averaged into one (their mean, as
 *     {@code ChannelPolicy.mono()} does); if not, the channels are kept
 */
public record TargetFormat(int sampleRate, boolean mixToMono) {

    /** Validates the rate. */
    public TargetFormat {
        if (sampleRate < 1) {
            throw new IllegalArgumentException("sampleRate must be at least 1 Hz: " + sampleRate);
        }
    }

    /** The channels a stream of {@code inputChannels} channels has after the conversion. */
    public int outputChannels(int inputChannels) {
        return mixToMono ? 1 : inputChannels;
    }

    @Override
    public String toString() {
        return sampleRate + " Hz " + (mixToMono ? "mono" : "kept channels");
    }
}
