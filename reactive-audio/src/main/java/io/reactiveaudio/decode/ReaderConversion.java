package io.reactiveaudio.decode;

import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.codec.TargetFormat;

/**
 * What a pipeline's conform stage makes of a source's audio, handed to the decode stage so that
 * the conversion can happen on the decoding thread: in the decoder itself
 * ({@link Decode#resampleInDecoder}), and for a cache that stores conformed audio
 * ({@link io.reactiveaudio.cache.DecodedAudioCache#storingConformed}) before the audio is stored.
 * Implemented by {@code io.reactiveaudio.conform.Conform}; implementations are immutable and
 * thread-safe.
 */
public interface ReaderConversion {

    /** The rate and mix a decoder may convert to while it decodes. */
    TargetFormat target();

    /**
     * A reader of {@code reader}'s audio conformed (sample rate and channel policy); {@code reader}
     * itself when it already delivers that. Closing the result closes {@code reader}.
     */
    PcmReader apply(PcmReader reader);

    /**
     * What the conversion depends on (target rate, channel policy, resampler and its version), for
     * the key of a cache of converted audio: equal only for conversions that give equal audio.
     */
    String identity();
}
