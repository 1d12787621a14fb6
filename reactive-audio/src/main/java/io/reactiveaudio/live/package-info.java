/**
 * Live audio: chunks that arrive in real time from applications, capture devices or the network,
 * with a named backpressure strategy, sample positions and arrival times, gap detection, fixed
 * windows, voice-activity utterances and streaming features.
 *
 * <p>A {@link io.reactiveaudio.live.LiveSource} is the single entry: {@link io.reactiveaudio.live.PushSource}
 * for chunks pushed from any thread, {@link io.reactiveaudio.live.CaptureSource} for a
 * {@code javax.sound.sampled} line. Operators ({@link io.reactiveaudio.live.LiveWindows},
 * {@link io.reactiveaudio.live.Utterances}, {@link io.reactiveaudio.live.LiveFeatures}) transform its
 * {@code Flux<LiveChunk>}.
 */
package io.reactiveaudio.live;
