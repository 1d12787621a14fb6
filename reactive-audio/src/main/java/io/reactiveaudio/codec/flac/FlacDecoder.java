package io.reactiveaudio.codec.flac;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.Codec;
import io.reactiveaudio.codec.AudioDecoder;
import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.Id3v2Tag;
import io.reactiveaudio.codec.PcmReader;
import java.util.Optional;

/**
 * Decodes native FLAC streams (RFC 9639), optionally behind ID3v2 tags, to interleaved float32 at
 * full scale 1.0: a {@code b}-bit sample {@code q} becomes {@code q / 2^(b-1)}, exact for up to 24
 * bits and rounded once to float for 25 to 32 bits.
 *
 * <p>Every bit depth from 4 to 32, 1 to 8 channels, fixed and variable block sizes, all subframe
 * types and residual codings are decoded; the header CRC-8 and frame CRC-16 of every frame are
 * checked, so damage is reported as {@code CORRUPT} with the offset of the frame. Frames are
 * decoded one at a time; the file is never held whole. Stateless and thread-safe: every
 * {@link #open} returns an independent reader.
 */
public final class FlacDecoder implements AudioDecoder {

    /** Creates the decoder. */
    public FlacDecoder() {
    }

    @Override
    public Codec codec() {
        return Codec.FLAC;
    }

    /**
     * True when {@code head} starts with {@code fLaC}, or with ID3v2 tags followed by {@code fLaC}
     * within {@code length} bytes (a tag longer than the sniffed bytes hides the marker).
     */
    @Override
    public boolean sniff(byte[] head, int length) {
        int offset = 0;
        while (true) {
            long tag = Id3v2Tag.length(head, offset, length - offset);
            if (tag < 0) {
                break;
            }
            if (tag > length - offset) {
                return false;
            }
            offset += (int) tag;
        }
        return length - offset >= 4 && head[offset] == 'f' && head[offset + 1] == 'L' && head[offset + 2] == 'a'
                && head[offset + 3] == 'C';
    }

    @Override
    public AudioInfo probe(ByteInput in) {
        return audioInfo(in, MetadataReader.read(in));
    }

    @Override
    public PcmReader open(ByteInput in) {
        try {
            StreamInfo stream = MetadataReader.read(in);
            return new FlacPcmReader(in, stream, audioInfo(in, stream));
        } catch (RuntimeException | Error e) {
            try {
                in.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    private static AudioInfo audioInfo(ByteInput in, StreamInfo stream) {
        long frames = stream.totalSamples() > 0 ? stream.totalSamples() : AudioInfo.UNKNOWN_FRAMES;
        return new AudioInfo(in.path(), Codec.FLAC, stream.sampleRate(), stream.channels(), frames,
                stream.bitsPerSample(), Optional.empty());
    }
}
