package io.reactiveaudio.conform;

import java.util.Arrays;

/**
 * How a file's channels become the pipeline's channels: keep them, mix down to mono, make stereo
 * (a mono file duplicated), or select some by index. Immutable and thread-safe.
 */
public final class ChannelPolicy {

    private enum Kind { KEEP, MONO, STEREO, SELECT }

    private final Kind kind;
    private final int[] selected;

    private ChannelPolicy(Kind kind, int[] selected) {
        this.kind = kind;
        this.selected = selected;
    }

    /** Every file keeps its own channels (a batch then needs files with equal channel counts). */
    public static ChannelPolicy keep() {
        return new ChannelPolicy(Kind.KEEP, new int[0]);
    }

    /** One channel: the mean of all channels. */
    public static ChannelPolicy mono() {
        return new ChannelPolicy(Kind.MONO, new int[0]);
    }

    /** Two channels: stereo files as they are, mono files duplicated; more channels are an error. */
    public static ChannelPolicy stereo() {
        return new ChannelPolicy(Kind.STEREO, new int[0]);
    }

    /** The given channels of each file, in this order (0-based; a file lacking one is an error). */
    public static ChannelPolicy select(int... channels) {
        if (channels.length == 0) {
            throw new IllegalArgumentException("select at least one channel");
        }
        for (int c : channels) {
            if (c < 0) {
                throw new IllegalArgumentException("negative channel index " + c);
            }
        }
        return new ChannelPolicy(Kind.SELECT, channels.clone());
    }

    /** The channel count every file gets, or empty for {@link #keep()}. */
    public java.util.OptionalInt fixedChannels() {
        return switch (kind) {
            case KEEP -> java.util.OptionalInt.empty();
            case MONO -> java.util.OptionalInt.of(1);
            case STEREO -> java.util.OptionalInt.of(2);
            case SELECT -> java.util.OptionalInt.of(selected.length);
        };
    }

    /** Whether this is {@link #mono()}: every channel averaged into one. */
    public boolean mixesToMono() {
        return kind == Kind.MONO;
    }

    /** True when files with {@code inputChannels} pass unchanged. */
    public boolean isIdentity(int inputChannels) {
        return kind == Kind.KEEP || (kind == Kind.STEREO && inputChannels == 2)
                || (kind == Kind.MONO && inputChannels == 1)
                || (kind == Kind.SELECT && isInOrder(inputChannels));
    }

    /**
     * Output channels for a file with {@code inputChannels}.
     *
     * @throws IllegalArgumentException when the policy cannot apply (stereo from more than two
     *     channels, a selected channel the file lacks)
     */
    public int outputChannels(int inputChannels) {
        return switch (kind) {
            case KEEP -> inputChannels;
            case MONO -> 1;
            case STEREO -> {
                if (inputChannels > 2) {
                    throw new IllegalArgumentException("stereo() cannot map " + inputChannels
                            + " channels; use select(0, 1) or mono()");
                }
                yield 2;
            }
            case SELECT -> {
                for (int c : selected) {
                    if (c >= inputChannels) {
                        throw new IllegalArgumentException("channel " + c + " selected, the file has " + inputChannels);
                    }
                }
                yield selected.length;
            }
        };
    }

    /**
     * Maps {@code frames} interleaved frames of {@code inputChannels} from {@code in} into
     * {@code out} (at least {@code frames * outputChannels(inputChannels)} long).
     */
    public void map(float[] in, int frames, int inputChannels, float[] out) {
        int outChannels = outputChannels(inputChannels);
        switch (kind) {
            case KEEP -> System.arraycopy(in, 0, out, 0, frames * inputChannels);
            case MONO -> {
                float scale = 1f / inputChannels;
                for (int i = 0; i < frames; i++) {
                    float sum = 0;
                    for (int c = 0; c < inputChannels; c++) {
                        sum += in[i * inputChannels + c];
                    }
                    out[i] = sum * scale;
                }
            }
            case STEREO -> {
                for (int i = 0; i < frames; i++) {
                    out[2 * i] = in[i * inputChannels];
                    out[2 * i + 1] = in[i * inputChannels + inputChannels - 1];
                }
            }
            case SELECT -> {
                for (int i = 0; i < frames; i++) {
                    for (int k = 0; k < outChannels; k++) {
                        out[i * outChannels + k] = in[i * inputChannels + selected[k]];
                    }
                }
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }

    private boolean isInOrder(int inputChannels) {
        if (selected.length != inputChannels) {
            return false;
        }
        for (int c = 0; c < selected.length; c++) {
            if (selected[c] != c) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return kind == Kind.SELECT ? "select" + Arrays.toString(selected) : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
