package io.reactiveaudio.examples.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Renders a feature matrix (a log-mel or power spectrogram in dB, say) as a picture: the matrix as a
 * colour-mapped plot with low bins at the bottom and time running right, a frequency axis, a time
 * axis, a colour bar in dB and an optional title, written as PNG.
 *
 * <p>The matrix has {@code bins} rows by {@code frames} columns, row-major (value {@code (k, t)} at
 * {@code k * frames + t}, torchaudio's {@code (n_mels, time)}). Values are clamped to
 * {@code [max - topDb, max]} (the matrix maximum; NaN counts as the bottom) before colouring.
 * Frame {@code t} is centred at {@code start + t * hopLength / sampleRate} seconds (a centred STFT);
 * bin {@code k} at its centre frequency in Hz, given per bin so that mel and linear bins both work.
 * Without a time base the time axis counts frames; without centre frequencies the frequency axis
 * counts bins.
 *
 * <p>Immutable: each setting returns a new instance. Thread-safe; the matrix is not copied and must
 * not change while an image is rendered. Uses no AWT toolkit or fonts (text comes from
 * {@link BitmapFont}); loading this class sets {@code java.awt.headless=true} unless the property is set.
 */
public final class SpectrogramImage {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** How the matrix is resampled to the plot's pixels. */
    public enum Scaling {
        /** Each pixel takes the value of the cell it falls in: crisp blocks. */
        NEAREST,
        /** Each pixel interpolates between the four nearest cell centres: smooth. */
        BILINEAR
    }

    /** Shades of the colour map used (0.33 dB apart at top_db 80), so that a picture fits a PNG palette. */
    private static final int SHADES = 240;
    private static final int BACKGROUND = 0xFFFFFF;
    private static final int INK = 0x1E1E28;
    private static final int MUTED = 0x5A5A68;

    private final float[] values;
    private final int bins;
    private final int frames;
    private final Titles titles;
    private final int hopLength;
    private final int sampleRate;
    private final double startSeconds;
    private final double[] centreHz;
    private final double topDb;
    private final ColorMap colorMap;
    private final int plotWidth;
    private final int plotHeight;
    private final Scaling scaling;
    private final int textScale;

    private SpectrogramImage(float[] values, int bins, int frames, Titles titles, int hopLength, int sampleRate,
                             double startSeconds, double[] centreHz, double topDb, ColorMap colorMap,
                             int plotWidth, int plotHeight, Scaling scaling, int textScale) {
        this.values = values;
        this.bins = bins;
        this.frames = frames;
        this.titles = titles;
        this.hopLength = hopLength;
        this.sampleRate = sampleRate;
        this.startSeconds = startSeconds;
        this.centreHz = centreHz;
        this.topDb = topDb;
        this.colorMap = colorMap;
        this.plotWidth = plotWidth;
        this.plotHeight = plotHeight;
        this.scaling = scaling;
        this.textScale = textScale;
    }

    /**
     * A picture of {@code bins × frames} values, row-major; by default 2 pixels per frame and 4 per
     * bin, top_db 80, the {@link ColorMap#EMBER} map, text at scale 2, no title.
     *
     * @throws IllegalArgumentException when the sizes are not positive or do not match the array
     */
    public static SpectrogramImage of(float[] values, int bins, int frames) {
        Objects.requireNonNull(values, "values");
        if (bins < 1 || frames < 1 || (long) bins * frames != values.length) {
            throw new IllegalArgumentException("a " + bins + " x " + frames + " matrix needs that many values (≥ 1), got "
                    + values.length);
        }
        return new SpectrogramImage(values, bins, frames, new Titles(null, null), 0, 0, 0, null, 80, ColorMap.EMBER,
                frames * 2, bins * 4, Scaling.NEAREST, 2);
    }

    /** This picture with a title line above the plot (null for none). */
    public SpectrogramImage title(String text) {
        return title(text, null);
    }

    /**
     * This picture with a title line above the plot and a smaller, lighter subtitle line under it
     * (such as the analysis settings); either may be null.
     */
    public SpectrogramImage title(String text, String subtitle) {
        return new SpectrogramImage(values, bins, frames, new Titles(text, subtitle), hopLength, sampleRate, startSeconds, centreHz, topDb,
                colorMap, plotWidth, plotHeight, scaling, textScale);
    }

    /**
     * This picture with a time axis in seconds: frame {@code t} is centred at
     * {@code startSeconds + t * hopLength / sampleRate}.
     *
     * @param hopLength samples between frames, at least 1
     * @param sampleRate samples per second, at least 1
     * @param startSeconds time of frame 0 (where the analysed excerpt starts in its file), at least 0
     */
    public SpectrogramImage time(int hopLength, int sampleRate, double startSeconds) {
        if (hopLength < 1 || sampleRate < 1 || !(startSeconds >= 0) || Double.isInfinite(startSeconds)) {
            throw new IllegalArgumentException("need hop_length >= 1, sample rate >= 1 and a finite start >= 0, got "
                    + hopLength + ", " + sampleRate + ", " + startSeconds);
        }
        return new SpectrogramImage(values, bins, frames, titles, hopLength, sampleRate, startSeconds, centreHz, topDb,
                colorMap, plotWidth, plotHeight, scaling, textScale);
    }

    /**
     * This picture with a frequency axis in Hz: {@code hz[k]} is the centre frequency of bin {@code k}
     * (a mel band's centre, or {@code k * sampleRate / n_fft} for STFT bins), strictly increasing.
     */
    public SpectrogramImage frequencies(double... hz) {
        if (hz.length != bins) {
            throw new IllegalArgumentException("need one centre frequency per bin (" + bins + "), got " + hz.length);
        }
        for (int k = 0; k < hz.length; k++) {
            if (!Double.isFinite(hz[k]) || (k > 0 && hz[k] <= hz[k - 1])) {
                throw new IllegalArgumentException("centre frequencies must be finite and strictly increasing, at bin "
                        + k + ": " + hz[k]);
            }
        }
        return new SpectrogramImage(values, bins, frames, titles, hopLength, sampleRate, startSeconds, hz.clone(), topDb,
                colorMap, plotWidth, plotHeight, scaling, textScale);
    }

    /** This picture showing the {@code db} dB below the matrix maximum (torchaudio's {@code top_db}); more positive. */
    public SpectrogramImage topDb(double db) {
        if (!(db > 0) || Double.isInfinite(db)) {
            throw new IllegalArgumentException("top_db must be positive and finite, got " + db);
        }
        return new SpectrogramImage(values, bins, frames, titles, hopLength, sampleRate, startSeconds, centreHz, db,
                colorMap, plotWidth, plotHeight, scaling, textScale);
    }

    /** This picture coloured by {@code map}. */
    public SpectrogramImage colorMap(ColorMap map) {
        return new SpectrogramImage(values, bins, frames, titles, hopLength, sampleRate, startSeconds, centreHz, topDb,
                Objects.requireNonNull(map, "map"), plotWidth, plotHeight, scaling, textScale);
    }

    /** This picture with each frame {@code perFrame} pixels wide and each bin {@code perBin} pixels tall, as blocks. */
    public SpectrogramImage pixelsPerCell(int perFrame, int perBin) {
        if (perFrame < 1 || perBin < 1) {
            throw new IllegalArgumentException("pixels per frame and per bin must be at least 1, got "
                    + perFrame + ", " + perBin);
        }
        return size(Math.multiplyExact(frames, perFrame), Math.multiplyExact(bins, perBin), Scaling.NEAREST);
    }

    /** This picture with a plot area of {@code width × height} pixels (axes and colour bar come on top), resampled by {@code how}. */
    public SpectrogramImage size(int width, int height, Scaling how) {
        if (width < 1 || height < 1 || width > 16_384 || height > 16_384) {
            throw new IllegalArgumentException("plot size must be 1..16384 pixels each way, got " + width + " x " + height);
        }
        return new SpectrogramImage(values, bins, frames, titles, hopLength, sampleRate, startSeconds, centreHz, topDb,
                colorMap, width, height, Objects.requireNonNull(how, "how"), textScale);
    }

    /** This picture with text drawn at {@code scale} (each font pixel a {@code scale × scale} square), the title one larger. */
    public SpectrogramImage textScale(int scale) {
        if (scale < 1 || scale > 8) {
            throw new IllegalArgumentException("text scale must be 1..8, got " + scale);
        }
        return new SpectrogramImage(values, bins, frames, titles, hopLength, sampleRate, startSeconds, centreHz, topDb,
                colorMap, plotWidth, plotHeight, scaling, scale);
    }

    /** Where the plot of the matrix lies in the rendered image, in pixels. */
    public PlotArea plotArea() {
        return layout().plot;
    }

    /** The ticks of the time axis, left to right, in pixels from the plot's left edge. */
    public List<Tick> timeTicks() {
        double pixelsPerFrame = (double) plotWidth / frames;
        double gap = BitmapFont.width("00.00", textScale) + 6.0 * textScale;
        if (sampleRate == 0) {
            return AxisTicks.linear(0, frames - 1, pixelsPerFrame / 2, pixelsPerFrame, Math.max(gap, pixelsPerFrame));
        }
        double framesPerSecond = (double) sampleRate / hopLength;
        double pixelsPerSecond = pixelsPerFrame * framesPerSecond;
        double origin = pixelsPerFrame / 2 - startSeconds * pixelsPerSecond;
        return AxisTicks.linear(startSeconds, startSeconds + frames / framesPerSecond - 0.5 / framesPerSecond,
                origin, pixelsPerSecond, gap).stream()
                .filter(t -> t.pixel() >= 0 && t.pixel() <= plotWidth).toList();
    }

    /** The ticks of the frequency axis, bottom to top, in pixels from the plot's top edge. */
    public List<Tick> frequencyTicks() {
        double pixelsPerBin = (double) plotHeight / bins;
        double gap = BitmapFont.CAP_HEIGHT * textScale * 2.5;
        if (centreHz == null) {
            return AxisTicks.linear(0, bins - 1, plotHeight - pixelsPerBin / 2, -pixelsPerBin, Math.max(gap, pixelsPerBin));
        }
        double low = bins == 1 ? centreHz[0] : centreHz[0] - (centreHz[1] - centreHz[0]) / 2;
        double high = bins == 1 ? centreHz[0] : centreHz[bins - 1] + (centreHz[bins - 1] - centreHz[bins - 2]) / 2;
        return AxisTicks.warped(Math.max(0, low), high, hz -> plotHeight - cellOf(hz) * pixelsPerBin, gap,
                AxisTicks::hertz).stream().filter(t -> t.pixel() >= 0 && t.pixel() <= plotHeight).toList();
    }

    /** Draws the picture. */
    public BufferedImage render() {
        Layout layout = layout();
        PlotArea plot = layout.plot;
        BufferedImage image = new BufferedImage(layout.width, layout.height, BufferedImage.TYPE_INT_RGB);
        fill(image, 0, 0, layout.width, layout.height, BACKGROUND);
        drawPlot(image, plot);
        int s = textScale;
        int cap = BitmapFont.CAP_HEIGHT * s;
        outline(image, plot.x() - 1, plot.y() - 1, plot.width() + 2, plot.height() + 2, MUTED);

        for (Tick t : timeTicks()) {
            int x = plot.x() + (int) Math.floor(t.pixel());
            fill(image, x, plot.y() + plot.height() + 1, Math.max(1, s / 2), 3 * s, MUTED);
            BitmapFont.drawText(image, x - BitmapFont.width(t.label(), s) / 2, plot.y() + plot.height() + 6 * s,
                    t.label(), INK, s);
        }
        String timeTitle = sampleRate == 0 ? "frame" : "time (s)";
        BitmapFont.drawText(image, plot.x() + (plot.width() - BitmapFont.width(timeTitle, s)) / 2,
                plot.y() + plot.height() + 6 * s + cap + 6 * s, timeTitle, INK, s);

        for (Tick t : frequencyTicks()) {
            int y = plot.y() + (int) Math.floor(t.pixel());
            fill(image, plot.x() - 1 - 3 * s, y, 3 * s, Math.max(1, s / 2), MUTED);
            BitmapFont.drawText(image, plot.x() - 6 * s - BitmapFont.width(t.label(), s), y - cap / 2, t.label(), INK, s);
        }
        String frequencyTitle = centreHz == null ? "bin" : "Hz";
        BitmapFont.drawText(image, plot.x() - 6 * s - BitmapFont.width(frequencyTitle, s), plot.y() - cap - 8 * s,
                frequencyTitle, INK, s);

        drawColourBar(image, layout);
        int y = layout.margin;
        if (titles.main() != null) {
            BitmapFont.drawText(image, plot.x(), y, titles.main(), INK, s + 1);
            y += BitmapFont.height(s + 1) + 2 * s;
        }
        if (titles.sub() != null) {
            BitmapFont.drawText(image, plot.x(), y, titles.sub(), MUTED, s);
        }
        return image;
    }

    /**
     * Renders the picture and writes it to {@code file} (replacing it) as PNG at the strongest
     * compression, with a palette (8 bits a pixel, about half the size of full colour): the plot and
     * colour bar use {@value #SHADES} shades of the map.
     */
    public void writePng(Path file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ImageWriteParam strongest = writer.getDefaultWriteParam();
        if (strongest.canWriteCompressed()) {
            strongest.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            strongest.setCompressionQuality(0f);
        }
        Files.deleteIfExists(file);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            if (out == null) {
                throw new IOException("cannot open " + file + " for writing");
            }
            writer.setOutput(out);
            writer.write(null, new IIOImage(withPalette(render()), null, null), strongest);
        } finally {
            writer.dispose();
        }
    }

    /** {@code image} as an indexed-colour image when it has at most 256 colours, else itself. */
    static BufferedImage withPalette(BufferedImage image) {
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        Map<Integer, Integer> index = new LinkedHashMap<>();
        for (int p : pixels) {
            if (index.putIfAbsent(p & 0xFFFFFF, index.size()) == null && index.size() > 256) {
                return image;
            }
        }
        int[] palette = index.keySet().stream().mapToInt(Integer::intValue).toArray();
        IndexColorModel model = new IndexColorModel(8, palette.length, palette, 0, false, -1, DataBuffer.TYPE_BYTE);
        BufferedImage indexed = new BufferedImage(image.getWidth(), image.getHeight(),
                BufferedImage.TYPE_BYTE_INDEXED, model);
        byte[] data = ((DataBufferByte) indexed.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i++) {
            data[i] = (byte) (int) index.get(pixels[i] & 0xFFFFFF);
        }
        return indexed;
    }

    /** The dB range shown: {@code [max - topDb, max]} of the matrix; {@code [-topDb, 0]} when nothing is finite. */
    private double[] range() {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : values) {
            if (v > max && v != Float.POSITIVE_INFINITY) {
                max = v;
            }
        }
        if (max == Double.NEGATIVE_INFINITY) {
            max = 0;
        }
        return new double[] {max - topDb, max};
    }

    private void drawPlot(BufferedImage image, PlotArea plot) {
        double[] range = range();
        double low = range[0];
        double span = range[1] - range[0];
        int[] row = new int[plot.width()];
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < plot.height(); y++) {
            double cell = bins - (y + 0.5) * bins / plot.height();
            for (int x = 0; x < plot.width(); x++) {
                double frame = (x + 0.5) * frames / plot.width();
                double value = scaling == Scaling.NEAREST
                        ? clamped((int) Math.min(bins - 1, cell), (int) Math.min(frames - 1, frame), low, range[1])
                        : bilinear(cell - 0.5, frame - 0.5, low, range[1]);
                row[x] = shade((value - low) / span);
            }
            System.arraycopy(row, 0, pixels, (plot.y() + y) * image.getWidth() + plot.x(), plot.width());
        }
    }

    /** The map's colour of {@code fraction}, rounded to one of {@link #SHADES} levels. */
    private int shade(double fraction) {
        return colorMap.rgb(Math.round(fraction * (SHADES - 1)) / (double) (SHADES - 1));
    }

    private double bilinear(double bin, double frame, double low, double high) {
        double k = Math.min(Math.max(bin, 0), bins - 1);
        double t = Math.min(Math.max(frame, 0), frames - 1);
        int k0 = (int) k;
        int t0 = (int) t;
        int k1 = Math.min(k0 + 1, bins - 1);
        int t1 = Math.min(t0 + 1, frames - 1);
        double fk = k - k0;
        double ft = t - t0;
        double below = clamped(k0, t0, low, high) * (1 - ft) + clamped(k0, t1, low, high) * ft;
        double above = clamped(k1, t0, low, high) * (1 - ft) + clamped(k1, t1, low, high) * ft;
        return below * (1 - fk) + above * fk;
    }

    private double clamped(int bin, int frame, double low, double high) {
        double v = values[bin * frames + frame];
        return v >= low ? Math.min(v, high) : low;
    }

    private void drawColourBar(BufferedImage image, Layout layout) {
        PlotArea plot = layout.plot;
        int s = textScale;
        int x = layout.barX;
        int width = layout.barWidth;
        for (int y = 0; y < plot.height(); y++) {
            fill(image, x, plot.y() + y, width, 1, shade(1 - (y + 0.5) / plot.height()));
        }
        outline(image, x - 1, plot.y() - 1, width + 2, plot.height() + 2, MUTED);
        int cap = BitmapFont.CAP_HEIGHT * s;
        for (Tick t : barTicks()) {
            int y = plot.y() + (int) Math.floor(t.pixel());
            fill(image, x + width + 1, y, 3 * s, Math.max(1, s / 2), MUTED);
            BitmapFont.drawText(image, x + width + 6 * s, y - cap / 2, t.label(), INK, s);
        }
        BitmapFont.drawText(image, x + (width - BitmapFont.width("dB", s)) / 2, plot.y() - cap - 8 * s, "dB", INK, s);
    }

    private List<Tick> barTicks() {
        double[] range = range();
        double pixelsPerDb = plotHeight / topDb;
        return AxisTicks.linear(range[0], range[1], plotHeight + range[0] * pixelsPerDb, -pixelsPerDb,
                BitmapFont.CAP_HEIGHT * textScale * 2.5).stream()
                .map(t -> new Tick(t.value(), t.pixel(), t.label().replaceAll("\\.0+$", "")))
                .toList();
    }

    /** Fractional cell coordinate (0 at the bottom edge of bin 0, k + 0.5 at the centre of bin k) of {@code hz}. */
    private double cellOf(double hz) {
        if (bins == 1) {
            return 0.5;
        }
        int i = Arrays.binarySearch(centreHz, hz);
        if (i >= 0) {
            return i + 0.5;
        }
        int above = Math.min(Math.max(-i - 1, 1), bins - 1);
        double f0 = centreHz[above - 1];
        double f1 = centreHz[above];
        return above - 0.5 + (hz - f0) / (f1 - f0);
    }

    private Layout layout() {
        int s = textScale;
        int cap = BitmapFont.CAP_HEIGHT * s;
        int margin = 8 * s;
        int labelWidth = BitmapFont.width(centreHz == null ? "bin" : "Hz", s);
        for (Tick t : frequencyTicks()) {
            labelWidth = Math.max(labelWidth, BitmapFont.width(t.label(), s));
        }
        int barLabelWidth = 0;
        for (Tick t : barTicks()) {
            barLabelWidth = Math.max(barLabelWidth, BitmapFont.width(t.label(), s));
        }
        int titleHeight = (titles.main() == null ? 0 : BitmapFont.height(s + 1) + 2 * s)
                + (titles.sub() == null ? 0 : BitmapFont.height(s) + 2 * s);
        int x = margin + labelWidth + 6 * s;
        int y = margin + titleHeight + cap + 10 * s;
        int barWidth = 6 * s;
        int barX = x + plotWidth + 10 * s;
        int width = Math.max(barX + barWidth + 6 * s + barLabelWidth + margin, Math.max(
                titles.main() == null ? 0 : x + BitmapFont.width(titles.main(), s + 1) + margin,
                titles.sub() == null ? 0 : x + BitmapFont.width(titles.sub(), s) + margin));
        int height = y + plotHeight + 6 * s + cap + 6 * s + cap + margin;
        return new Layout(new PlotArea(x, y, plotWidth, plotHeight), barX, barWidth, width, height, margin);
    }

    /** Fills a rectangle, clipped to the image, of an image of type {@code TYPE_INT_RGB}. */
    private static void fill(BufferedImage image, int x, int y, int width, int height, int rgb) {
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        int x0 = Math.max(x, 0);
        int x1 = Math.min(x + width, image.getWidth());
        for (int py = Math.max(y, 0); py < Math.min(y + height, image.getHeight()); py++) {
            if (x1 > x0) {
                Arrays.fill(pixels, py * image.getWidth() + x0, py * image.getWidth() + x1, rgb);
            }
        }
    }

    private static void outline(BufferedImage image, int x, int y, int width, int height, int rgb) {
        fill(image, x, y, width, 1, rgb);
        fill(image, x, y + height - 1, width, 1, rgb);
        fill(image, x, y, 1, height, rgb);
        fill(image, x + width - 1, y, 1, height, rgb);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SpectrogramImage[%d bins x %d frames, plot %d x %d %s, top_db %.1f]",
                bins, frames, plotWidth, plotHeight, scaling, topDb);
    }

    private record Titles(String main, String sub) {
    }

    private record Layout(PlotArea plot, int barX, int barWidth, int width, int height, int margin) {
    }
}
