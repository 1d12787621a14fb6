package io.reactiveaudio.codec;

import java.util.List;

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
 * @param regions where: the first {@link #MAX_REGIONS} damaged regions of the file in the order met
 *     (adjacent skipped bytes as one region); the counts cover every region, also those past the
 *     list. Empty for a sum over several files ({@code DecodeReport}) and for readers that record
 *     no positions.
 */
public record Concealment(long skippedBytes, long concealedUnits, long silentFrames, List<DamagedRegion> regions) {

    /** The most regions one concealment lists; a file damaged in more places is counted whole. */
    public static final int MAX_REGIONS = 64;

    /** Nothing concealed. */
    public static final Concealment NONE = new Concealment(0, 0, 0);

    /** Checks that no count is negative and that the regions fit the limit; keeps an immutable copy of them. */
    public Concealment {
        if (skippedBytes < 0 || concealedUnits < 0 || silentFrames < 0) {
            throw new IllegalArgumentException("counts must not be negative: skippedBytes " + skippedBytes
                    + ", concealedUnits " + concealedUnits + ", silentFrames " + silentFrames);
        }
        regions = List.copyOf(regions);
        if (regions.size() > MAX_REGIONS) {
            throw new IllegalArgumentException("at most " + MAX_REGIONS + " regions: " + regions.size());
        }
    }

    /** Counts without positions: a sum over files, or a reader that records none. */
    public Concealment(long skippedBytes, long concealedUnits, long silentFrames) {
        this(skippedBytes, concealedUnits, silentFrames, List.of());
    }

    /** True when anything was skipped or concealed. */
    public boolean any() {
        return skippedBytes > 0 || concealedUnits > 0 || silentFrames > 0;
    }
}
