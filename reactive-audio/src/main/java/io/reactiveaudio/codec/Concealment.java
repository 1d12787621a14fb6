package io.reactiveaudio.codec;

/**
 * What a {@link PcmReader} passed over or replaced while decoding one file, instead of failing:
 * the damage it concealed. All zero for an intact file. Immutable and thread-safe.
 *
 * @param skippedBytes bytes passed over because they held no usable frame (garbage between frames,
 *     a tag whose header is damaged, a frame header that no following header confirms)
 * @param concealedUnits coded units (MPEG frames) whose audio could not be decoded and was replaced
 *     by silence: a frame the decoder rejects, or one whose bit reservoir lies before the start of
 *     the file (a stream cut out of a longer one)
 * @param silentFrames sample frames of silence put in their place (one frame = one sample per channel)
 */
public record Concealment(long skippedBytes, long concealedUnits, long silentFrames) {

    /** Nothing concealed. */
    public static final Concealment NONE = new Concealment(0, 0, 0);

    /** Checks that no count is negative. */
    public Concealment {
        if (skippedBytes < 0 || concealedUnits < 0 || silentFrames < 0) {
            throw new IllegalArgumentException("counts must not be negative: skippedBytes " + skippedBytes
                    + ", concealedUnits " + concealedUnits + ", silentFrames " + silentFrames);
        }
    }

    /** True when anything was skipped or concealed. */
    public boolean any() {
        return skippedBytes > 0 || concealedUnits > 0 || silentFrames > 0;
    }
}
