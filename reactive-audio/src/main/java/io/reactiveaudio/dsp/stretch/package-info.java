/**
 * Time-scale modification kernels, free of Reactor: change the duration of audio while keeping
 * its pitch. Plain float arrays in and out.
 */
package io.reactiveaudio.dsp.stretch;
