package io.reactiveaudio.live;

import java.util.Objects;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A live source that records from a capture device: a loop on {@link Schedulers#boundedElastic()}
 * reads chunks of {@code chunkFrames} frames from a {@link CaptureLine} and pushes them, as float32,
 * into a {@link PushSource} with the chosen buffer and overflow strategy. The device opens on
 * subscription and closes on cancel, completion or error; when the device ends, it is closed before
 * the flux completes.
 *
 * <p>A device cannot be slowed down: when the reading loop falls behind (the consumer blocks it
 * under {@link Overflow#BLOCK}, or the machine is busy), the device's own buffer fills and it loses
 * audio. Each read that finds the device buffer full counts an overrun, and the frames the device
 * captured but never delivered appear as a gap in the chunk positions ({@link LiveStats}).
 *
 * <p>Thread-safe; one subscriber.
 */
public final class CaptureSource implements LiveSource {

    private final PushSource buffer;
    private final Supplier<CaptureLine> device;
    private final int chunkFrames;

    private CaptureSource(PushSource buffer, Supplier<CaptureLine> device, int chunkFrames) {
        this.buffer = buffer;
        this.device = device;
        this.chunkFrames = chunkFrames;
    }

    /**
     * Records from the system's default capture device in {@code buffer}'s format, in chunks of
     * {@code chunkFrames} frames (the device buffer holds four chunks).
     */
    public static CaptureSource device(PushSource buffer, int chunkFrames) {
        return of(buffer, () -> CaptureLine.open(buffer.format(), 4 * chunkFrames), chunkFrames);
    }

    /** Records from the lines {@code device} opens (a test double, or a specific mixer's line). */
    public static CaptureSource of(PushSource buffer, Supplier<CaptureLine> device, int chunkFrames) {
        Objects.requireNonNull(buffer, "buffer");
        Objects.requireNonNull(device, "device");
        if (chunkFrames < 1 || chunkFrames > buffer.capacityFrames()) {
            throw new IllegalArgumentException("chunk of " + chunkFrames + " frames must be within 1 and the buffer's "
                    + buffer.capacityFrames() + " frames");
        }
        return new CaptureSource(buffer, device, chunkFrames);
    }

    @Override
    public LiveFormat format() {
        return buffer.format();
    }

    @Override
    public LiveStats stats() {
        return buffer.stats();
    }

    @Override
    public Flux<LiveChunk> flux() {
        return Flux.defer(() -> {
            Scheduler.Worker reader = Schedulers.boundedElastic().createWorker();
            CaptureLoop loop = new CaptureLoop();
            return buffer.flux()
                    .doOnSubscribe(s -> reader.schedule(loop))
                    .doFinally(signal -> {
                        loop.stop();
                        reader.dispose();
                    });
        });
    }

    /** The reading loop of one subscription. */
    private final class CaptureLoop implements Runnable {

        private volatile boolean stopped;

        void stop() {
            stopped = true;
        }

        @Override
        public void run() {
            try (CaptureLine line = device.get()) {
                int channels = format().channels();
                byte[] bytes = new byte[chunkFrames * line.frameBytes()];
                long position = 0;
                while (!stopped) {
                    int pending = line.availableBytes();
                    if (pending >= line.bufferBytes()) {
                        buffer.stats().overrun();
                    }
                    long unread = line.framePosition() - pending / line.frameBytes();
                    position = Math.max(position, unread);
                    int n = readFully(line, bytes);
                    if (n <= 0) {
                        break;
                    }
                    float[] samples = toFloat(bytes, n / 2);
                    buffer.push(position, samples);
                    position += samples.length / channels;
                }
            } catch (RuntimeException e) {
                if (!stopped) {
                    buffer.fail(e);
                }
                return;
            }
            buffer.complete();
        }

        /** Signed 16-bit little-endian samples as float32, full scale 32768. */
        private float[] toFloat(byte[] bytes, int count) {
            float[] samples = new float[count];
            for (int i = 0; i < count; i++) {
                samples[i] = (short) ((bytes[2 * i] & 0xff) | (bytes[2 * i + 1] << 8)) / 32768f;
            }
            return samples;
        }

        /** Reads whole frames until the chunk is full, the line ends or the loop stops. */
        private int readFully(CaptureLine line, byte[] bytes) {
            int filled = 0;
            while (filled < bytes.length && !stopped) {
                int n = line.read(bytes, filled, bytes.length - filled);
                if (n < 0) {
                    break;
                }
                filled += n;
            }
            return filled - filled % line.frameBytes();
        }
    }
}
