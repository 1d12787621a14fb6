package io.reactiveaudio.codec;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.Codec;
import java.util.List;
import java.util.Optional;

/**
 * Backends registered for the core's tests in {@code META-INF/services}: one that reads only files
 * starting with {@code RATEST} (priority -1, so it never shadows the built-in decoders) and one
 * that is never available.
 */
final class TestBackends {

    private TestBackends() {
    }

    /** The {@code "test"} backend: a file starting with {@code RATEST} decodes to 3 silent mono frames at 8 kHz. */
    public static final class Magic implements DecoderProvider {

        @Override
        public String name() {
            return "test";
        }

        @Override
        public int priority() {
            return -1;
        }

        @Override
        public List<AudioDecoder> decoders() {
            return List.of(new MagicDecoder());
        }
    }

    /** A backend whose natives are missing on every machine. */
    public static final class Unavailable implements DecoderProvider {

        @Override
        public String name() {
            return "unavailable";
        }

        @Override
        public int priority() {
            return 100;
        }

        @Override
        public boolean available() {
            return false;
        }

        @Override
        public List<AudioDecoder> decoders() {
            throw new AssertionError("an unavailable backend's decoders are never asked for");
        }
    }

    private static final class MagicDecoder implements AudioDecoder {

        @Override
        public Codec codec() {
            return Codec.WAV;
        }

        @Override
        public boolean sniff(byte[] head, int length) {
            return length >= 6 && new String(head, 0, 6, java.nio.charset.StandardCharsets.US_ASCII).equals("RATEST");
        }

        @Override
        public AudioInfo probe(ByteInput in) {
            return new AudioInfo(in.path(), Codec.WAV, 8000, 1, 3, 16, Optional.empty());
        }

        @Override
        public PcmReader open(ByteInput in) {
            AudioInfo info = probe(in);
            in.close();
            return new PcmReader() {
                private boolean done;

                @Override
                public AudioInfo info() {
                    return info;
                }

                @Override
                public int read(float[] dst, int maxFrames) {
                    if (done) {
                        return -1;
                    }
                    done = true;
                    java.util.Arrays.fill(dst, 0, 3, 0f);
                    return 3;
                }

                @Override
                public void close() {
                    done = true;
                }
            };
        }
    }
}
