package io.reactiveaudio.codec.flac;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.reactiveaudio.codec.DecoderFuzzing;

/**
 * Coverage-guided fuzz target of the FLAC decoder: a leading ID3v2 tag, STREAMINFO and the other
 * metadata blocks, frame headers, subframes, residuals and CRCs (docs/reliability.md,
 * "Fuzzing"). The default build runs it on {@code FlacFuzzTestInputs/decode/}; a campaign runs it
 * under {@code JAZZER_FUZZ=1}.
 */
class FlacFuzzTest {

    @FuzzTest
    void decode(byte[] bytes) {
        DecoderFuzzing.decode(new FlacDecoder(), bytes);
    }
}
