/**
 * Voice (activity) detection by energy, free of Reactor: where in a signal its short-term power
 * rises above a cut-off, like NVIDIA DALI's {@code nonsilent_region}, and trimming to that region.
 */
package io.reactiveaudio.dsp.vad;
