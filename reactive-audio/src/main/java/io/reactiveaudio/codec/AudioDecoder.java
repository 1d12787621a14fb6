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
}
