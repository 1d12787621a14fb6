package io.reactiveaudio.codec;

import io.reactiveaudio.codec.flac.FlacDecoder;
import io.reactiveaudio.codec.mp3.Mp3Decoder;
import io.reactiveaudio.codec.wav.WavDecoder;
import java.util.List;

/** The pure-Java backend, {@code "jlayer"}: WAV, FLAC and MP3 (JLayer). Stateless and thread-safe. */
final class BuiltInDecoders implements DecoderProvider {

    static final String NAME = "jlayer";

    private static final List<AudioDecoder> DECODERS = List.of(new WavDecoder(), new FlacDecoder(), new Mp3Decoder());

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public List<AudioDecoder> decoders() {
        return DECODERS;
    }
}
