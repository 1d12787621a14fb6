package io.reactiveaudio.codec;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.test.MemoryChannel;
import io.reactiveaudio.test.Reads;
import io.reactiveaudio.test.Watchdog;
import java.nio.file.Path;

/**
 * What every decoder's fuzz target checks on one input of arbitrary bytes: {@code sniff},
 * {@code probe}, {@code open} and reading to the end (as {@link AudioDecoders#open} does, EMPTY
 * rule included) throw nothing but {@link AudioDecodeException}; a reader keeps the read contract
 * ({@link Reads#toEnd}: never more frames than its headers count); the whole takes less than
 * {@link Watchdog#PER_INPUT} and allocates less than {@link Watchdog#allocationBound(int)}.
 *
 * <p>The decoder is called directly, not through {@link AudioDecoders#decode}, whose wrapper turns
 * any exception into a CORRUPT error: an internal exception must show as the finding it is.
 */
public final class DecoderFuzzing {

    /** The path the bytes are reported under. */
    public static final Path INPUT = Path.of("fuzz-input");

    private DecoderFuzzing() {
    }

    /** A {@link ByteInput} reading {@code bytes} through a small buffer (more refills, more edges). */
    public static ByteInput input(byte[] bytes) {
        return new ByteInput(INPUT, new MemoryChannel(bytes), 4096);
    }

    /**
     * Sniffs, probes, opens and reads {@code bytes} to the end with {@code decoder}, under the
     * watchdog's bounds.
     *
     * @throws AssertionError or any exception other than {@link AudioDecodeException}: a finding
     */
    public static void decode(AudioDecoder decoder, byte[] bytes) {
        Watchdog.run(bytes.length, () -> {
            decoder.sniff(bytes, Math.min(bytes.length, AudioDecoder.SNIFF_BYTES));
            try (ByteInput in = input(bytes)) {
                decoder.probe(in);
            } catch (AudioDecodeException expected) {
                // a typed error is the outcome a damaged file may have
            }
            try (PcmReader reader = new NonEmptyPcmReader(decoder.open(input(bytes)))) {
                AudioInfo info = reader.info();
                Reads.toEnd(info.channels(), info.framesKnown() ? info.frames() : Reads.UNKNOWN_FRAMES, reader::read);
            } catch (AudioDecodeException expected) {
                // a typed error is the outcome a damaged file may have
            }
        });
    }
}
