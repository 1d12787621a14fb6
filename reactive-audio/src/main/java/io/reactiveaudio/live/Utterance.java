package io.reactiveaudio.live;

/**
 * A stretch of speech cut from a live stream by {@link Utterances}: mono samples from
 * {@code position}, which is the detected speech start minus the pre-roll, to the detected speech end
 * plus the hangover. Speech start and end are the detector's own boundaries, to one analysis frame.
 *
 * @param samples      mono samples of the utterance (the array is the utterance's own)
 * @param position     stream position of the first sample, in frames
 * @param speechStart  stream position where speech was detected to start
 * @param speechEnd    stream position just after the last frame detected as speech
 * @param split        true if the utterance was cut at the maximum length, a gap or the end of the stream
 *                     while speech went on
 * @param arrivalNanos arrival time of the chunk that ended the utterance
 * @param sampleRate   samples per second, in Hz
 */
public record Utterance(float[] samples, long position, long speechStart, long speechEnd, boolean split,
        long arrivalNanos, int sampleRate) {

    /** Stream position just after the last sample. */
    public long end() {
        return position + samples.length;
    }

    /** Duration of the utterance in seconds. */
    public double seconds() {
        return samples.length / (double) sampleRate;
    }
}
