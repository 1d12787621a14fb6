package io.reactiveaudio.cache;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.codec.DecodedAudio;
import io.reactiveaudio.codec.PcmReader;

/** Serves decoded audio held in memory. Never blocks; not thread-safe. */
final class ArrayPcmReader implements PcmReader {

    private final DecodedAudio audio;
    private final int channels;
    private long position;

    ArrayPcmReader(DecodedAudio audio) {
        this.audio = audio;
        this.channels = audio.info().channels();
    }

    @Override
    public AudioInfo info() {
        return audio.info();
    }

    @Override
    public int read(float[] dst, int maxFrames) {
        long left = audio.frames() - position;
        if (left <= 0) {
            return -1;
        }
        int frames = (int) Math.min(maxFrames, left);
        System.arraycopy(audio.samples(), (int) (position * channels), dst, 0, frames * channels);
        position += frames;
        return frames;
    }

    @Override
    public long skip(long frames) {
        long skipped = Math.max(0, Math.min(frames, audio.frames() - position));
        position += skipped;
        return skipped;
    }

    @Override
    public void close() {
    }
}
