package io.reactiveaudio.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.Codec;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PcmFileHeaderTest {

    private static final Path SOURCE = Path.of("a.wav");

    private static PcmFileHeader header(long frames, int channels) {
        AudioInfo info = new AudioInfo(SOURCE, Codec.WAV, 44_100, channels, frames, 16, Optional.empty());
        return new PcmFileHeader(CacheFormat.FLOAT32, info, 7, "key");
    }

    @Test
    void aHeaderReadsBackAsWritten() {
        PcmFileHeader written = header(1_000, 2);

        assertEquals(Optional.of(written), PcmFileHeader.decode(written.encode(), SOURCE));
    }

    @Test
    void aFrameCountWhoseFileLengthNoLongHoldsIsNotAHeaderOfACacheFile() {
        PcmFileHeader damaged = header(1L << 62, 2);

        assertTrue(PcmFileHeader.decode(damaged.encode(), SOURCE).isEmpty(),
                "a reader of it would fail computing its length, not treat it as a file to decode again");
    }

    @Test
    void aFrameCountWhoseBlockTableNoIntCountsIsNotAHeaderOfACacheFile() {
        long frames = ((long) Integer.MAX_VALUE + 1) * PcmFileHeader.BLOCK_BYTES / 4;

        assertTrue(PcmFileHeader.decode(header(frames, 1).encode(), SOURCE).isEmpty());
    }
}
