package io.reactiveaudio.codec;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.Codec;

/**
 * Decodes one file format. Implementations are stateless and thread-safe; every
 * {@link #open} returns an independent {@link PcmReader}.
 */
public interface AudioDecoder {

    /** Bytes {@link #sniff} is given (fewer for short files): enough for two MPEG frames. */
    int SNIFF_BYTES = 4096;

    /** The format this decoder reads. */
    Codec codec();

    /**
     * Whether the first bytes of a file look like this format (magic bytes, not the extension).
     *
     * @param head the first bytes of the file, after any leading ID3v2 tags
     * @param length how many bytes of {@code head} are valid (fewer than {@link #SNIFF_BYTES} for short files)
     */
    boolean sniff(byte[] head, int length);

    /**
     * Reads the headers without decoding audio. The input is positioned at the start of the file
     * and is not closed.
     *
     * @throws AudioDecodeException when the headers are corrupt, truncated or unsupported
     */
    AudioInfo probe(ByteInput in);

    /**
     * Opens a reader; the input is positioned at the start of the file and is owned (and closed)
     * by the returned reader, also when this method throws.
     *
     * @throws AudioDecodeException when the headers are corrupt, truncated or unsupported
     */
    PcmReader open(ByteInput in);

    /**
     * Opens a reader that delivers {@code target} if this decoder converts while it decodes, else
     * the file's own rate and channels (the default: {@link #open(ByteInput)}); the reader's
     * {@link PcmReader#info()} says which. Ownership of {@code in} as for {@link #open(ByteInput)}.
     *
     * @throws AudioDecodeException when the headers are corrupt, truncated or unsupported
     */
    default PcmReader open(ByteInput in, TargetFormat target) {
        return open(in);
    }

    /**
     * What {@link #open(ByteInput, TargetFormat)} converts with (resampler and its settings), so a
     * cache of converted audio can tell conversions apart; empty, the default, when this decoder
     * converts nothing.
     */
    default String conversion() {
        return "";
    }
}
