package io.reactiveaudio.test;

/**
 * Reads a decoder's output to its end while checking the read contract every reader keeps: each
 * read returns at least one frame (and no more than asked) or -1 at the end, and the frames
 * never exceed the count the file's headers give. For fuzz targets and tests of any backend; the
 * reader is reached through a method reference ({@code reader::read}), so this kit needs no
 * decoder types. Stateless.
 */
public final class Reads {

    /** Frames asked of each read, as the pipeline's decode stage asks. */
    public static final int FRAMES_PER_READ = 4096;

    /** Marks a count the headers do not give. */
    public static final long UNKNOWN_FRAMES = -1;

    /** One read of up to {@code maxFrames} interleaved frames into {@code dst}: frames read, or -1 at the end. */
    @FunctionalInterface
    public interface Read {

        /** See the interface comment. */
        int read(float[] dst, int maxFrames);
    }

    private Reads() {
    }

    /**
     * Reads to the end, {@value #FRAMES_PER_READ} frames at a time.
     *
     * @param channels interleaved channels per frame
     * @param declaredFrames the count the headers give, or {@link #UNKNOWN_FRAMES}
     * @return the frames read
     * @throws AssertionError when a read breaks the contract
     */
    public static long toEnd(int channels, long declaredFrames, Read read) {
        float[] buffer = new float[FRAMES_PER_READ * channels];
        long frames = 0;
        int n;
        while ((n = read.read(buffer, FRAMES_PER_READ)) != -1) {
            if (n < 1 || n > FRAMES_PER_READ) {
                throw new AssertionError("read returned " + n + " for at most " + FRAMES_PER_READ + " frames");
            }
            frames += n;
            if (declaredFrames != UNKNOWN_FRAMES && frames > declaredFrames) {
                throw new AssertionError(frames + " frames read, more than the " + declaredFrames
                        + " the headers count");
            }
        }
        return frames;
    }
}
