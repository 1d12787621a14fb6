package io.reactiveaudio.decode;

/**
 * What the decode stage does with a file whose decoder concealed damage instead of failing: bytes
 * it passed over as garbage, coded units (MPEG frames) it replaced by silence (see
 * {@link io.reactiveaudio.codec.PcmReader#concealment()}). Every policy records the damage in the
 * {@link DecodeReport} ({@link DecodeReport#damage()}); they differ in what reaches the stream.
 *
 * <p>The decode stage streams: it learns of damage when the chunk holding it is read, after the
 * chunks before it have gone downstream. So a file is never withheld whole; under {@link #SKIP} and
 * {@link #FAIL} the file ends at the damage, as a file that fails does under the
 * {@link ErrorPolicy}, and no concealed sample is ever delivered.
 */
public enum DamagePolicy {
    /**
     * The file counts as good: it is delivered whole, its damaged regions as its decoder gives them
     * (silence of a concealed frame's length; nothing where bytes were skipped), counted as a
     * completed file, and its damage recorded when its last chunk is delivered (or, should the
     * file fail later, with its failure) and logged (a warning the first time the report meets
     * damage in that file). The default.
     */
    DELIVER,
    /**
     * The file is skipped from its damage on: the chunks before the one in which the decoder first
     * reports damage are delivered, that chunk and the rest of the file are not, the damage is
     * recorded and reported as a {@link io.reactiveaudio.codec.AudioDecodeException.Kind#CORRUPT
     * CORRUPT} problem naming the file and the frames, logged, and the stream goes on with the next
     * file, whatever the {@link ErrorPolicy}.
     */
    SKIP,
    /**
     * The run fails at the damage: after the chunks before it, the stream ends with the
     * {@link io.reactiveaudio.codec.AudioDecodeException.Kind#CORRUPT CORRUPT}
     * {@link io.reactiveaudio.codec.AudioDecodeException} that {@link #SKIP} reports, whatever the
     * {@link ErrorPolicy}.
     */
    FAIL
}
