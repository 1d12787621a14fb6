/**
 * Recursive second-order filters (biquads) and Butterworth cascades of them, free of Reactor:
 * plain float arrays in and out.
 */
package io.reactiveaudio.dsp.biquad;
