package io.reactiveaudio.ffmpeg;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.Codec;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecoder;
import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.test.MemoryChannel;
import io.reactiveaudio.test.Reads;
import io.reactiveaudio.test.Watchdog;
import java.nio.file.Path;
import java.util.List;

/**
 * Coverage-guided fuzz targets of the FFmpeg backend (docs/reliability.md, "Fuzzing"): its
 * decoders on arbitrary bytes, and FFmpeg's demuxers reading any window of arbitrary bytes
 * through {@link ByteInputIo}. Only {@link AudioDecodeException} may escape; a reader keeps the
 * read contract ({@link Reads#toEnd}: never more frames than its headers count); each input ends
 * within the watchdog's time and allocates (on the Java heap) a bounded number of bytes.
 * Coverage guides the Java side only: FFmpeg's own code is not instrumented.
 */
class FfmpegFuzzTest {

    private static final Path INPUT = Path.of("fuzz-input");
    private static final List<AudioDecoder> DECODERS = new FfmpegDecoders().decoders();
    private static final Codec[] CODECS = Codec.values();

    /** Each of the backend's decoders whose {@code sniff} takes the bytes, opened and read to the end. */
    @FuzzTest
    void decode(byte[] bytes) {
        Watchdog.run(bytes.length, () -> {
            for (AudioDecoder decoder : DECODERS) {
                if (decoder.sniff(bytes, Math.min(bytes.length, AudioDecoder.SNIFF_BYTES))) {
                    try (PcmReader reader = decoder.open(input(bytes))) {
                        readToEnd(reader);
                    } catch (AudioDecodeException expected) {
                        // a typed error is the outcome a damaged file may have
                    }
                }
            }
        });
    }

    /**
     * FFmpeg's demuxer for a codec the input picks (or its own probing, for AAC), reading the
     * window {@code [start, end)} of the remaining bytes through {@link ByteInputIo}: reads and
     * seeks near and past the window's edges.
     */
    @FuzzTest
    void byteInput(FuzzedDataProvider data) {
        Codec codec = CODECS[data.consumeInt(0, CODECS.length - 1)];
        int startPick = data.consumeInt(0, 64);
        int endCut = data.consumeInt(0, 64);
        byte[] bytes = data.consumeRemainingAsBytes();
        long start = Math.min(startPick, bytes.length);
        long end = Math.max(start, bytes.length - endCut);
        Watchdog.run(bytes.length, () -> {
            ByteInput in = input(bytes);
            String demuxer = switch (codec) {
                case MP3 -> "mp3";
                case WAV -> "wav";
                case FLAC -> "flac";
                case OPUS, VORBIS -> "ogg";
                case AAC -> null;
            };
            try (PcmReader reader = FfmpegPcmReader.open(in, codec, demuxer,
                    new StreamPlan(null, start, end, StreamPlan.ShortEnd.CUT), true, null)) {
                readToEnd(reader);
            } catch (AudioDecodeException expected) {
                // a typed error is the outcome a damaged file may have
            }
        });
    }

    private static void readToEnd(PcmReader reader) {
        AudioInfo info = reader.info();
        Reads.toEnd(info.channels(), info.framesKnown() ? info.frames() : Reads.UNKNOWN_FRAMES, reader::read);
    }

    private static ByteInput input(byte[] bytes) {
        return new ByteInput(INPUT, new MemoryChannel(bytes), 4096);
    }
}
