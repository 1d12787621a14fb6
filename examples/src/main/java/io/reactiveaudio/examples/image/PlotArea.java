package io.reactiveaudio.examples.image;

/**
 * The rectangle of an image that shows the matrix itself, in pixels from the image's top-left corner.
 *
 * @param x left edge
 * @param y top edge
 * @param width width
 * @param height height
 */
public record PlotArea(int x, int y, int width, int height) {
}
