package io.reactiveaudio.cache;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.reactiveaudio.test.Watchdog;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Coverage-guided fuzz target of the cache file header (docs/reliability.md, "Fuzzing"): any
 * bytes either are not a header (empty) or give one whose lengths a reader computes (header,
 * samples, block table, file) are consistent and computable without overflow, and whose own
 * bytes read back as the same header (not necessarily the input's bytes: padding is not read,
 * and text that is not UTF-8 reads with replacement characters); within the watchdog's time and
 * an allocation bounded by the input.
 */
class PcmFileHeaderFuzzTest {

    private static final Path SOURCE = Path.of("fuzz-input.wav");

    @FuzzTest
    void decode(byte[] bytes) {
        Watchdog.run(bytes.length, () -> {
            Optional<PcmFileHeader> decoded = PcmFileHeader.decode(ByteBuffer.wrap(bytes), SOURCE);
            if (decoded.isEmpty()) {
                return;
            }
            PcmFileHeader header = decoded.get();
            long samples = header.sampleBytes();
            long file = header.fileLength();
            if (samples < 0 || header.blocks() < 0 || file < header.length() + samples
                    || header.offsetOf(header.info().frames()) != header.length() + samples) {
                throw new AssertionError("inconsistent lengths: header " + header.length() + ", samples " + samples
                        + ", blocks " + header.blocks() + ", file " + file);
            }
            if (!PcmFileHeader.decode(header.encode(), SOURCE).equals(decoded)) {
                throw new AssertionError("the header's own bytes do not read back as the same header");
            }
        });
    }
}
