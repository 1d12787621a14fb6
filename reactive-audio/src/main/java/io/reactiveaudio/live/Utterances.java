package io.reactiveaudio.live;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * Cuts a live stream into utterances with a streaming energy voice-activity detector. The stream
 * (mixed down to mono) is analysed in frames of {@link #frameSeconds(double) 10 ms}; a frame is
 * speech when its mean power is above {@link #thresholdDb(double) -45 dBFS} (a full-scale sine is
 * -3 dBFS). Speech starts at the first of {@link #minSpeechSeconds(double) 50 ms} of consecutive
 * speech frames and ends at the last speech frame before {@link #hangoverSeconds(double) 300 ms} of
 * silence; each utterance carries {@link #preRollSeconds(double) 200 ms} of audio before its start
 * and the hangover after its end. An utterance longer than {@link #maxSeconds(double) 30 s} is split.
 * A gap in the stream positions ends the current utterance.
 *
 * <p>Boundaries are exact to one analysis frame. Demand is exact: a chunk is taken from the source
 * only while an utterance is asked for and not yet found, so a stalled consumer leaves the stream in
 * the source's bounded buffer. Memory per subscription: the pre-roll plus the longest utterance.
 * Immutable and thread-safe; each subscription has its own detector.
 */
public final class Utterances implements Function<Flux<LiveChunk>, Flux<Utterance>> {

    private final double thresholdDb;
    private final double frameSeconds;
    private final double minSpeechSeconds;
    private final double hangoverSeconds;
    private final double preRollSeconds;
    private final double maxSeconds;

    private Utterances(double thresholdDb, double frameSeconds, double minSpeechSeconds, double hangoverSeconds,
            double preRollSeconds, double maxSeconds) {
        this.thresholdDb = thresholdDb;
        this.frameSeconds = frameSeconds;
        this.minSpeechSeconds = minSpeechSeconds;
        this.hangoverSeconds = hangoverSeconds;
        this.preRollSeconds = preRollSeconds;
        this.maxSeconds = maxSeconds;
    }

    /** The detector with its default settings. */
    public static Utterances detect() {
        return new Utterances(-45, 0.010, 0.050, 0.300, 0.200, 30);
    }

    /** Mean frame power above which a frame is speech, in dB relative to full scale (below 0). */
    public Utterances thresholdDb(double db) {
        if (!(db < 0)) {
            throw new IllegalArgumentException("threshold must be below 0 dBFS: " + db);
        }
        return new Utterances(db, frameSeconds, minSpeechSeconds, hangoverSeconds, preRollSeconds, maxSeconds);
    }

    /** Length of an analysis frame, in seconds (the boundaries' resolution). */
    public Utterances frameSeconds(double seconds) {
        return new Utterances(thresholdDb, positive(seconds, "frame"), minSpeechSeconds, hangoverSeconds,
                preRollSeconds, maxSeconds);
    }

    /** Speech shorter than this, in seconds, is ignored (clicks). */
    public Utterances minSpeechSeconds(double seconds) {
        return new Utterances(thresholdDb, frameSeconds, nonNegative(seconds, "minimum speech"), hangoverSeconds,
                preRollSeconds, maxSeconds);
    }

    /** Silence, in seconds, that ends an utterance; also kept after its last speech frame. */
    public Utterances hangoverSeconds(double seconds) {
        return new Utterances(thresholdDb, frameSeconds, minSpeechSeconds, nonNegative(seconds, "hangover"),
                preRollSeconds, maxSeconds);
    }

    /** Audio kept before the detected start, in seconds. */
    public Utterances preRollSeconds(double seconds) {
        return new Utterances(thresholdDb, frameSeconds, minSpeechSeconds, hangoverSeconds,
                nonNegative(seconds, "pre-roll"), maxSeconds);
    }

    /** Longest utterance, in seconds; a longer one is split. */
    public Utterances maxSeconds(double seconds) {
        return new Utterances(thresholdDb, frameSeconds, minSpeechSeconds, hangoverSeconds, preRollSeconds,
                positive(seconds, "maximum length"));
    }

    private static double positive(double seconds, String what) {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException(what + " must be positive seconds: " + seconds);
        }
        return seconds;
    }

    private static double nonNegative(double seconds, String what) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException(what + " must be non-negative seconds: " + seconds);
        }
        return seconds;
    }

    @Override
    public Flux<Utterance> apply(Flux<LiveChunk> chunks) {
        return Flux.defer(() -> {
            Detector detector = new Detector();
            return OnDemand.concatMapIterable(chunks, detector::push)
                    .concatWith(Flux.defer(() -> Flux.fromIterable(detector.finish())));
        });
    }

    /** The detector state of one subscription. */
    private final class Detector {

        private int rate;
        private int frame;
        private int minSpeechFrames;
        private int hangoverFrames;
        private int preRoll;
        private int maxLength;
        private double threshold;

        /** Mono samples from stream position {@code historyStart}, {@code historyLength} of them. */
        private float[] history = new float[0];
        private long historyStart;
        private int historyLength;
        private long expected = -1;
        /** Stream position of the next analysis frame. */
        private long frameStart;
        private int voicedRun;
        private int silentRun;
        private boolean inSpeech;
        private long speechStart;
        private long utteranceStart;
        private long lastSpeechEnd;
        private long lastArrival;

        List<Utterance> push(LiveChunk chunk) {
            if (rate == 0) {
                configure(chunk.format().sampleRate());
            }
            List<Utterance> out = new ArrayList<>(0);
            if (chunk.position() != expected) {
                if (inSpeech) {
                    out.add(emit(lastSpeechEnd, true));
                }
                reset(chunk.position());
            }
            expected = chunk.end();
            lastArrival = chunk.arrivalNanos();
            append(chunk.mono(), chunk.frames());
            while (frameStart + frame <= historyStart + historyLength) {
                analyse(out);
            }
            return out;
        }

        List<Utterance> finish() {
            return inSpeech ? List.of(emit(lastSpeechEnd, true)) : List.of();
        }

        private void configure(int sampleRate) {
            rate = sampleRate;
            frame = Math.max(1, (int) Math.round(frameSeconds * rate));
            minSpeechFrames = Math.max(1, (int) Math.round(minSpeechSeconds * rate / frame));
            hangoverFrames = Math.max(1, (int) Math.round(hangoverSeconds * rate / frame));
            preRoll = (int) Math.round(preRollSeconds * rate);
            maxLength = Math.max(frame, (int) Math.round(maxSeconds * rate));
            threshold = Math.pow(10, thresholdDb / 10);
        }

        private void reset(long position) {
            historyStart = position;
            historyLength = 0;
            frameStart = position;
            voicedRun = 0;
            silentRun = 0;
            inSpeech = false;
        }

        private void append(float[] mono, int frames) {
            if (historyLength + frames > history.length) {
                history = Arrays.copyOf(history, Math.max(historyLength + frames, history.length * 2));
            }
            System.arraycopy(mono, 0, history, historyLength, frames);
            historyLength += frames;
        }

        private void analyse(List<Utterance> out) {
            int at = (int) (frameStart - historyStart);
            double power = 0;
            for (int i = at; i < at + frame; i++) {
                power += (double) history[i] * history[i];
            }
            boolean voiced = power / frame > threshold;
            long thisFrame = frameStart;
            frameStart += frame;
            if (!inSpeech) {
                voicedRun = voiced ? voicedRun + 1 : 0;
                if (voicedRun >= minSpeechFrames) {
                    inSpeech = true;
                    silentRun = 0;
                    speechStart = thisFrame - (long) (voicedRun - 1) * frame;
                    utteranceStart = Math.max(historyStart, speechStart - preRoll);
                    lastSpeechEnd = frameStart;
                } else {
                    trim(frameStart - preRoll - (long) minSpeechFrames * frame);
                }
                return;
            }
            if (voiced) {
                silentRun = 0;
                lastSpeechEnd = frameStart;
            } else if (++silentRun >= hangoverFrames) {
                out.add(emit(lastSpeechEnd, false));
                inSpeech = false;
                voicedRun = 0;
                return;
            }
            if (frameStart - utteranceStart >= maxLength) {
                out.add(emit(frameStart, true));
                speechStart = frameStart;
                utteranceStart = frameStart;
            }
        }

        private Utterance emit(long speechEnd, boolean split) {
            long end = split ? Math.min(historyStart + historyLength, frameStart)
                    : Math.min(historyStart + historyLength, speechEnd + (long) hangoverFrames * frame);
            int from = (int) (utteranceStart - historyStart);
            float[] samples = Arrays.copyOfRange(history, from, (int) (end - historyStart));
            Utterance u = new Utterance(samples, utteranceStart, speechStart, speechEnd, split, lastArrival, rate);
            trim(end);
            return u;
        }

        /** Forgets the samples before stream position {@code position}. */
        private void trim(long position) {
            int drop = (int) Math.min(historyLength, Math.max(0, position - historyStart));
            if (drop > 0) {
                System.arraycopy(history, drop, history, 0, historyLength - drop);
                historyLength -= drop;
                historyStart += drop;
            }
        }
    }
}
