package io.reactiveaudio.decode;

import io.reactiveaudio.codec.Concealment;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Damage a decoder concealed in one file, as the decode stage recorded it in its
 * {@link DecodeReport}, with what the stage did about it. Immutable and thread-safe.
 *
 * @param file the damaged file
 * @param concealment what the file's reader had concealed when the stage stopped reading it: the
 *     whole file's damage under {@link DamagePolicy#DELIVER} (up to the failure, for a file that
 *     then failed); under {@link DamagePolicy#SKIP} and {@link DamagePolicy#FAIL}, the damage up
 *     to the chunk in which it first showed
 * @param firstDamagedChunk the position, in sample frames of the file's decoded output, of the
 *     first frame of the chunk in which the reader first reported damage: the concealed audio (or
 *     the point where skipped bytes held audio) lies in that chunk; the frame count of the whole
 *     output when the damage showed only after the last frame (garbage at the end of the file)
 * @param action what the stage did: {@code DELIVER} delivered the file whole, {@code SKIP} ended
 *     it at {@code firstDamagedChunk} and went on, {@code FAIL} ended the stream there
 */
public record FileDamage(Path file, Concealment concealment, long firstDamagedChunk, DamagePolicy action) {

    /** Checks that nothing is null, the damage is not nothing, and the position is not negative. */
    public FileDamage {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(concealment, "concealment");
        Objects.requireNonNull(action, "action");
        if (!concealment.any()) {
            throw new IllegalArgumentException("concealment must record some damage: " + concealment);
        }
        if (firstDamagedChunk < 0) {
            throw new IllegalArgumentException("firstDamagedChunk must not be negative: " + firstDamagedChunk);
        }
    }

    /**
     * One line for logs and reports: {@code "a.mp3: 418 bytes skipped, 1 coded frame concealed
     * (1152 frames of silence), first in the chunk at frame 4000: delivered"}.
     */
    @Override
    public String toString() {
        String done = switch (action) {
            case DELIVER -> "delivered";
            case SKIP -> "skipped from there";
            case FAIL -> "run failed there";
        };
        return file + ": " + counts(concealment) + ", first in the chunk at frame " + firstDamagedChunk + ": " + done;
    }

    /** {@code "418 bytes skipped, 1 coded frame concealed (1152 frames of silence)"}. */
    static String counts(Concealment c) {
        return c.skippedBytes() + " bytes skipped, " + c.concealedUnits() + " coded frame"
                + (c.concealedUnits() == 1 ? "" : "s") + " concealed (" + c.silentFrames() + " frames of silence)";
    }
}
