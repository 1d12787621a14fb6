package io.reactiveaudio.examples.image;

/**
 * One labelled tick of an axis.
 *
 * @param value the value at the tick, in the axis's unit (seconds, Hz, dB)
 * @param pixel its position along the axis in pixels from the axis's origin (it may fall between pixels)
 * @param label the text drawn beside it
 */
public record Tick(double value, double pixel, String label) {
}
