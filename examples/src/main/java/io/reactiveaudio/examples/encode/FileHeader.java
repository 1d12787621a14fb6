package io.reactiveaudio.examples.encode;

import java.nio.ByteBuffer;

/**
 * The header of a float32 sample file as a function of its frame count, rewritten in place when
 * the count is final. Implementations are immutable and thread-safe.
 */
@FunctionalInterface
interface FileHeader {

    /** No header: the file is the samples alone. */
    FileHeader NONE = frames -> ByteBuffer.allocate(0);

    /**
     * The header bytes for a file of {@code frames} frames, ready to write (position 0); the same
     * length for every count.
     */
    ByteBuffer forFrames(long frames);
}
