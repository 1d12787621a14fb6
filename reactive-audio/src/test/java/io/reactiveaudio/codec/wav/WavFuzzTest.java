package io.reactiveaudio.codec.wav;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.reactiveaudio.codec.DecoderFuzzing;

/**
 * Coverage-guided fuzz target of the WAV reader: RIFF, RF64/BW64 and ds64, fmt (PCM, float,
 * WAVE_FORMAT_EXTENSIBLE), chunks in any order, data sizes that lie (docs/reliability.md,
 * "Fuzzing"). The default build runs it on {@code WavFuzzTestInputs/decode/}; a campaign runs it
 * under {@code JAZZER_FUZZ=1}.
 */
class WavFuzzTest {

    @FuzzTest
    void decode(byte[] bytes) {
        DecoderFuzzing.decode(new WavDecoder(), bytes);
    }
}
