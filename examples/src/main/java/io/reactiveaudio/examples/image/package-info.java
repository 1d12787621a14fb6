/**
 * Headless pictures of feature matrices: {@link io.reactiveaudio.examples.image.SpectrogramImage}
 * renders a spectrogram with axes and a colour bar to PNG through {@code javax.imageio}, using its own
 * {@link io.reactiveaudio.examples.image.ColorMap} and {@link io.reactiveaudio.examples.image.BitmapFont}
 * (no AWT toolkit, fonts or display).
 */
package io.reactiveaudio.examples.image;
