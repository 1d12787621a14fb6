package io.reactiveaudio.bytes;

import java.io.IOException;

/** A tar archive that cannot be read: a damaged header or an early end, with the archive and the byte offset. */
public final class TarFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String archive;
    private final long byteOffset;

    /**
     * @param archive the archive's path or URL
     * @param byteOffset where the problem is, in bytes from the archive's start
     * @param reason what is wrong, without the archive or offset (they are added to the message)
     */
    public TarFormatException(String archive, long byteOffset, String reason) {
        super(archive + ": damaged tar: " + reason + " (at byte " + byteOffset + ")");
        this.archive = archive;
        this.byteOffset = byteOffset;
    }

    /** The archive's path or URL. */
    public String archive() {
        return archive;
    }

    /** Where the problem is, in bytes from the archive's start. */
    public long byteOffset() {
        return byteOffset;
    }
}
