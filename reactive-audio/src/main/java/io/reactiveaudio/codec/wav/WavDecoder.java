package io.reactiveaudio.codec.wav;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.Codec;
import io.reactiveaudio.codec.AudioDecoder;
import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.PcmReader;

/**
 * Decodes WAV files: RIFF/WAVE, and RF64/BW64 for files over 4 GB.
 *
 * <p>Reads integer PCM of 8 (unsigned), 16, 24 and 32 bits, IEEE float of 32 and 64 bits, and
 * WAVE_FORMAT_EXTENSIBLE with a PCM or float sub-format, including fewer valid bits than the
 * container (20-bit audio in 24-bit samples). Chunks may come in any order; unknown chunks are
 * skipped by seeking. Files written to a pipe, whose data size is 0 or 0xFFFFFFFF, are read to the
 * end of the file. Output is float32 at full scale 1.0: integer PCM {@code q / 2^(bits-1)}
 * rounded once (exact up to 24 bits), 8-bit {@code (u - 128) / 128}, float64 rounded to float32,
 * float32 unchanged.
 *
 * <p>{@link AudioInfo#frames()} is exact: the complete frames in the file. A file whose data
 * ends early or inside a frame yields those frames, then fails with {@code TRUNCATED}.
 * Stateless and thread-safe.
 */
public final class WavDecoder implements AudioDecoder {

    /** Creates the decoder. */
    public WavDecoder() {
    }

    @Override
    public Codec codec() {
        return Codec.WAV;
    }

    @Override
    public boolean sniff(byte[] head, int length) {
        return WavHeaderReader.isWave(head, length);
    }

    @Override
    public AudioInfo probe(ByteInput in) {
        return WavHeaderReader.read(in).info(in);
    }

    @Override
    public PcmReader open(ByteInput in) {
        try {
            return new WavPcmReader(in, WavHeaderReader.read(in));
        } catch (RuntimeException e) {
            try {
                in.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }
}
