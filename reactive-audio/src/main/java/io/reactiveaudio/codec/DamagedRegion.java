package io.reactiveaudio.codec;

import java.util.Objects;

/**
 * One place where a {@link PcmReader} concealed damage instead of failing: bytes it passed over,
 * or a coded unit (an MPEG frame) whose audio it replaced by silence. Immutable and thread-safe.
 *
 * @param kind what the reader did there
 * @param fromByte the region's first byte, as an offset in the file
 * @param toByte the offset after the region's last byte (exclusive), above {@code fromByte}
 * @param atFrame where the region falls in the reader's output, in sample frames from its start:
 *     for a concealed unit, its first frame of silence; for skipped bytes, the first frame of the
 *     coded unit that follows them (0 when that lies in the encoder delay trimmed at the start, the
 *     output's length when no unit follows)
 * @param silentFrames sample frames of silence put in the region's place (0 for skipped bytes)
 */
public record DamagedRegion(Kind kind, long fromByte, long toByte, long atFrame, long silentFrames) {

    /** What a reader did with a damaged region. */
    public enum Kind {
        /** Bytes that held no usable frame (garbage, a damaged tag, an unconfirmed header), passed over. */
        SKIPPED_BYTES,
        /** A coded unit that did not decode, or decoded to nothing, replaced by silence of its length. */
        CONCEALED_UNIT
    }

    /** Checks the kind, the byte range and that no position or count is negative. */
    public DamagedRegion {
        Objects.requireNonNull(kind, "kind");
        if (fromByte < 0 || toByte <= fromByte) {
            throw new IllegalArgumentException("a region needs 0 <= fromByte < toByte: " + fromByte + ", " + toByte);
        }
        if (atFrame < 0 || silentFrames < 0) {
            throw new IllegalArgumentException("atFrame and silentFrames must not be negative: " + atFrame + ", "
                    + silentFrames);
        }
    }

    /** Length of the region in bytes. */
    public long bytes() {
        return toByte - fromByte;
    }

    /**
     * {@code "bytes 4000..4418 skipped (output frame 1152)"} or {@code "bytes 9000..9418 concealed:
     * 1152 frames of silence at output frame 4608"}.
     */
    @Override
    public String toString() {
        return switch (kind) {
            case SKIPPED_BYTES -> "bytes " + fromByte + ".." + toByte + " skipped (output frame " + atFrame + ")";
            case CONCEALED_UNIT -> "bytes " + fromByte + ".." + toByte + " concealed: " + silentFrames
                    + " frames of silence at output frame " + atFrame;
        };
    }
}
