package io.reactiveaudio.examples.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpectrogramImageTest {

    private static final int BINS = 40;
    private static final int FRAMES = 100;
    private static final int HOT = 12;
    private static final int INK = 0x1E1E28;
    private static final int MUTED = 0x5A5A68;

    /** -100 dB everywhere except bin {@link #HOT}, at 0 dB. */
    private static float[] hotRow() {
        float[] values = new float[BINS * FRAMES];
        Arrays.fill(values, -100f);
        Arrays.fill(values, HOT * FRAMES, (HOT + 1) * FRAMES, 0f);
        return values;
    }

    private static double[] melCentres(int bins, double maxHz) {
        double top = 2595 * Math.log10(1 + maxHz / 700);
        double[] hz = new double[bins];
        for (int k = 0; k < bins; k++) {
            hz[k] = 700 * (Math.pow(10, top * (k + 1) / (bins + 1) / 2595) - 1);
        }
        return hz;
    }

    private static SpectrogramImage picture() {
        return SpectrogramImage.of(hotRow(), BINS, FRAMES).title("hot row", "sub title").time(256, 16_000, 0)
                .frequencies(melCentres(BINS, 8000)).pixelsPerCell(3, 5);
    }

    @Test
    void pngDecodesBackWithThePlotAndFurnitureAroundIt(@TempDir Path dir) throws IOException {
        SpectrogramImage picture = picture();
        Path png = dir.resolve("s.png");
        picture.writePng(png);

        BufferedImage decoded = ImageIO.read(png.toFile());
        BufferedImage rendered = picture.render();
        assertEquals(rendered.getWidth(), decoded.getWidth());
        assertEquals(rendered.getHeight(), decoded.getHeight());
        PlotArea plot = picture.plotArea();
        assertEquals(new PlotArea(plot.x(), plot.y(), FRAMES * 3, BINS * 5), plot);
        assertTrue(plot.x() > 20 && plot.y() > 20, "room for labels left of and above the plot: " + plot);
        assertTrue(decoded.getWidth() > plot.x() + plot.width() + 40, "room for the colour bar");
        assertTrue(decoded.getHeight() > plot.y() + plot.height() + 30, "room for the time axis");
        for (int y = 0; y < decoded.getHeight(); y += 7) {
            for (int x = 0; x < decoded.getWidth(); x += 7) {
                assertEquals(rendered.getRGB(x, y), decoded.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void theHotBinIsDrawnInTheTopColourAtItsRowCountedFromTheBottom() {
        SpectrogramImage picture = picture();
        BufferedImage image = picture.render();
        PlotArea plot = picture.plotArea();
        int top = ColorMap.EMBER.rgb(1);
        int bottom = ColorMap.EMBER.rgb(0);

        int hotFrom = plot.y() + (BINS - 1 - HOT) * 5;
        for (int y = plot.y(); y < plot.y() + plot.height(); y++) {
            int expected = y >= hotFrom && y < hotFrom + 5 ? top : bottom;
            for (int x = plot.x(); x < plot.x() + plot.width(); x++) {
                assertEquals(expected, image.getRGB(x, y) & 0xFFFFFF, "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void valuesBelowTopDbUnderTheMaximumShareTheBottomColour() {
        float[] values = {0f, -40f, -80f, -200f};
        BufferedImage image = SpectrogramImage.of(values, 4, 1).topDb(40).pixelsPerCell(1, 1).render();
        PlotArea plot = SpectrogramImage.of(values, 4, 1).topDb(40).pixelsPerCell(1, 1).plotArea();

        int[] column = new int[4];
        for (int bin = 0; bin < 4; bin++) {
            column[bin] = image.getRGB(plot.x(), plot.y() + 3 - bin) & 0xFFFFFF;
        }
        assertEquals(ColorMap.EMBER.rgb(1), column[0]);
        assertEquals(ColorMap.EMBER.rgb(0), column[1]);
        assertEquals(ColorMap.EMBER.rgb(0), column[2]);
        assertEquals(ColorMap.EMBER.rgb(0), column[3]);
    }

    @Test
    void bilinearScalingBlendsNeighbouringBinsAndNearestKeepsBlocks() {
        float[] values = {-80f, -80f, 0f, 0f};
        SpectrogramImage two = SpectrogramImage.of(values, 2, 2);
        BufferedImage smooth = two.size(8, 40, SpectrogramImage.Scaling.BILINEAR).render();
        BufferedImage blocks = two.size(8, 40, SpectrogramImage.Scaling.NEAREST).render();
        PlotArea plot = two.size(8, 40, SpectrogramImage.Scaling.BILINEAR).plotArea();

        int middle = plot.y() + 20;
        int midColour = ColorMap.EMBER.rgb(0.5);
        assertEquals(ColorMap.lightness(midColour), ColorMap.lightness(smooth.getRGB(plot.x(), middle)), 0.03);
        assertEquals(ColorMap.EMBER.rgb(1), blocks.getRGB(plot.x(), middle - 1) & 0xFFFFFF);
        assertEquals(ColorMap.EMBER.rgb(0), blocks.getRGB(plot.x(), middle) & 0xFFFFFF);
        assertEquals(ColorMap.EMBER.rgb(1), smooth.getRGB(plot.x(), plot.y()) & 0xFFFFFF, "top row clamps to bin 1");
    }

    @Test
    void theTitleAndALighterSubtitleAreInkedAboveThePlotAtItsLeftEdge() {
        SpectrogramImage picture = picture();
        BufferedImage image = picture.render();
        PlotArea plot = picture.plotArea();
        int titleWidth = BitmapFont.width("hot row", 3);
        int titleBottom = 16 + BitmapFont.height(3);

        assertTrue(inked(image, plot.x(), 0, titleWidth, titleBottom, INK), "title ink");
        assertFalse(inked(image, plot.x() + titleWidth + 2, 0, 60, titleBottom, INK), "nothing right of the title");
        assertFalse(inked(image, 0, 0, plot.x(), titleBottom, INK), "nothing left of the title");
        int subtitleWidth = BitmapFont.width("sub title", 2);
        assertTrue(inked(image, plot.x(), titleBottom, subtitleWidth, BitmapFont.height(2) + 4, MUTED), "subtitle ink");
        assertFalse(inked(image, plot.x(), titleBottom, subtitleWidth, BitmapFont.height(2) + 4, INK));
    }

    @Test
    void tickLabelsAreInkedBesideTheirTicks() {
        SpectrogramImage picture = picture();
        BufferedImage image = picture.render();
        PlotArea plot = picture.plotArea();

        for (Tick t : picture.frequencyTicks()) {
            int y = plot.y() + (int) t.pixel();
            assertTrue(inked(image, 0, y - 4, plot.x() - 8, 8), "label of " + t);
        }
        for (Tick t : picture.timeTicks()) {
            int x = plot.x() + (int) t.pixel();
            assertTrue(inked(image, x - 6, plot.y() + plot.height() + 8, 12, 24), "label of " + t);
        }
    }

    @Test
    void axisTicksAreMonotonicAndInsideThePlot() {
        SpectrogramImage picture = picture();
        List<Tick> time = picture.timeTicks();
        List<Tick> frequency = picture.frequencyTicks();

        assertEquals("0.0", time.get(0).label());
        assertEquals(1.5, time.get(0).pixel(), 1e-9, "frame 0 is centred at 0 s, half a 3-pixel frame in");
        assertTrue(time.size() >= 4, time.toString());
        assertTrue(frequency.size() >= 4, frequency.toString());
        for (int i = 1; i < time.size(); i++) {
            assertTrue(time.get(i).value() > time.get(i - 1).value() && time.get(i).pixel() > time.get(i - 1).pixel());
        }
        for (int i = 1; i < frequency.size(); i++) {
            assertTrue(frequency.get(i).value() > frequency.get(i - 1).value());
            assertTrue(frequency.get(i).pixel() < frequency.get(i - 1).pixel(), "higher frequencies further up");
        }
        for (Tick t : time) {
            assertTrue(t.pixel() >= 0 && t.pixel() <= FRAMES * 3);
        }
        for (Tick t : frequency) {
            assertTrue(t.pixel() >= 0 && t.pixel() <= BINS * 5);
        }
    }

    @Test
    void aTickAtABinsCentreFrequencyIsAtTheMiddleOfItsRow() {
        double[] linear = new double[BINS];
        for (int k = 0; k < BINS; k++) {
            linear[k] = k * 200.0;
        }
        SpectrogramImage picture = SpectrogramImage.of(hotRow(), BINS, FRAMES).frequencies(linear).pixelsPerCell(1, 5);

        Tick fiveKilohertz = picture.frequencyTicks().stream().filter(t -> t.value() == 5000).findFirst().orElseThrow();
        assertEquals(BINS * 5 - 25 * 5 - 2.5, fiveKilohertz.pixel(), 1e-9, "bin 25 is centred at 5 kHz");
    }

    @Test
    void withoutTimeBaseOrFrequenciesTheAxesCountFramesAndBins() {
        SpectrogramImage picture = SpectrogramImage.of(hotRow(), BINS, FRAMES);
        assertTrue(picture.timeTicks().stream().allMatch(t -> t.label().matches("\\d+")), picture.timeTicks().toString());
        assertTrue(picture.frequencyTicks().stream().allMatch(t -> t.label().matches("\\d+")));
    }

    @Test
    void rendersHeadless() {
        SpectrogramImage.of(hotRow(), BINS, FRAMES).render();
        assertTrue(GraphicsEnvironment.isHeadless());
    }

    @Test
    void rejectsInconsistentSettings() {
        assertThrows(IllegalArgumentException.class, () -> SpectrogramImage.of(new float[5], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> SpectrogramImage.of(hotRow(), BINS, FRAMES).frequencies(1, 2));
        double[] descending = melCentres(BINS, 8000);
        descending[3] = descending[2];
        assertThrows(IllegalArgumentException.class,
                () -> SpectrogramImage.of(hotRow(), BINS, FRAMES).frequencies(descending));
        assertThrows(IllegalArgumentException.class, () -> SpectrogramImage.of(hotRow(), BINS, FRAMES).topDb(0));
        assertThrows(IllegalArgumentException.class, () -> SpectrogramImage.of(hotRow(), BINS, FRAMES).time(0, 16_000, 0));
    }

    private static boolean inked(BufferedImage image, int x, int y, int width, int height) {
        return inked(image, x, y, width, height, INK);
    }

    private static boolean inked(BufferedImage image, int x, int y, int width, int height, int colour) {
        for (int py = Math.max(0, y); py < Math.min(image.getHeight(), y + height); py++) {
            for (int px = Math.max(0, x); px < Math.min(image.getWidth(), x + width); px++) {
                if ((image.getRGB(px, py) & 0xFFFFFF) == colour) {
                    return true;
                }
            }
        }
        return false;
    }
}
