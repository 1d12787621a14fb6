package io.reactiveaudio.live;

import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The largest chunk an operator of this package asks its live source for, passed up through the
 * subscriber {@link Context}: {@link LiveWindows} asks for chunks of at most one hop, so that each
 * chunk completes at most one window and the audio it has not asked for stays in the source's
 * bounded buffer, where the overflow strategy can still act on it. A {@link PushSource} honours
 * it; a source that does not is still cut right, holding more. Immutable.
 *
 * @param frames  the limit in frames, or 0 when given in seconds
 * @param seconds the limit in seconds of the stream, used when {@code frames} is 0
 */
record ChunkLimit(int frames, double seconds) {

    private static final Object KEY = ChunkLimit.class;

    /** The limit in frames of a stream of {@code format} (at least 1). */
    int framesAt(LiveFormat format) {
        return frames > 0 ? frames : (int) Math.max(1, Math.min(Integer.MAX_VALUE, format.frames(seconds)));
    }

    /** {@code context} with this limit. */
    Context writeTo(Context context) {
        return context.put(KEY, this);
    }

    /** The limit in frames that {@code context} asks for at {@code format}, or {@link Integer#MAX_VALUE}. */
    static int in(ContextView context, LiveFormat format) {
        return context.<ChunkLimit>getOrEmpty(KEY).map(limit -> limit.framesAt(format)).orElse(Integer.MAX_VALUE);
    }
}
