package io.reactiveaudio.live;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;

/**
 * The part of a capture device that {@link CaptureSource} uses: 16-bit signed little-endian PCM
 * read in blocking calls, with the device's buffer fill and frame count so overruns and lost audio
 * can be detected. {@link #open(LiveFormat, int)} gives a {@code javax.sound.sampled} line; tests
 * give a double. Used by one reading thread.
 */
public interface CaptureLine extends AutoCloseable {

    /** Bytes per frame: two per channel. */
    int frameBytes();

    /** Reads up to {@code length} bytes (whole frames), blocking until some arrive; -1 at the end. */
    int read(byte[] buffer, int offset, int length);

    /** Bytes captured and not yet read. */
    int availableBytes();

    /** Size of the device's buffer, in bytes; when {@link #availableBytes()} reaches it, audio is being lost. */
    int bufferBytes();

    /** Frames the device has captured since it started, including any it lost. */
    long framePosition();

    /** Stops capturing and releases the device. */
    @Override
    void close();

    /**
     * The default capture device of the system, opened for {@code format} as 16-bit signed
     * little-endian PCM with a buffer of {@code bufferFrames} frames, and started.
     *
     * @throws IllegalStateException if no such device is available
     */
    static CaptureLine open(LiveFormat format, int bufferFrames) {
        AudioFormat pcm = new AudioFormat(format.sampleRate(), 16, format.channels(), true, false);
        try {
            TargetDataLine line = AudioSystem.getTargetDataLine(pcm);
            line.open(pcm, bufferFrames * pcm.getFrameSize());
            line.start();
            return new DeviceLine(line);
        } catch (LineUnavailableException | IllegalArgumentException e) {
            throw new IllegalStateException("no capture device for " + pcm + ": " + e.getMessage(), e);
        }
    }

    /** A {@link TargetDataLine} as a capture line. */
    final class DeviceLine implements CaptureLine {

        private final TargetDataLine line;

        private DeviceLine(TargetDataLine line) {
            this.line = line;
        }

        @Override
        public int frameBytes() {
            return line.getFormat().getFrameSize();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            int n = line.read(buffer, offset, length);
            return n == 0 && !line.isOpen() ? -1 : n;
        }

        @Override
        public int availableBytes() {
            return line.available();
        }

        @Override
        public int bufferBytes() {
            return line.getBufferSize();
        }

        @Override
        public long framePosition() {
            return line.getLongFramePosition();
        }

        @Override
        public void close() {
            line.stop();
            line.close();
        }
    }
}
