package io.reactiveaudio.examples.image;

import java.awt.image.BufferedImage;

/**
 * A fixed bitmap font of our own drawing, so that images carry text without AWT fonts (which need
 * font files and a font configuration that headless servers often lack). Each glyph is 5 pixels
 * wide and 9 tall: 7 rows above the baseline and 2 for descenders (g, j, p, q, y, commas), drawn
 * on a 6-pixel advance. It covers the printable ASCII characters and the degree sign; any other
 * character is drawn as {@code ?}.
 *
 * <p>All sizes are in image pixels at scale 1 and grow with the scale (each glyph pixel becomes a
 * {@code scale × scale} square). Stateless and thread-safe; drawing into one image from several
 * threads at once is the caller's concern.
 */
public final class BitmapFont {

    /** Glyph width in pixels at scale 1. */
    public static final int GLYPH_WIDTH = 5;
    /** Glyph height in pixels at scale 1, descenders included. */
    public static final int GLYPH_HEIGHT = 9;
    /** Height of capitals and digits in pixels at scale 1 (the rows above the baseline). */
    public static final int CAP_HEIGHT = 7;
    /** Horizontal distance between the starts of two characters in pixels at scale 1. */
    public static final int ADVANCE = 6;

    private static final String CHARS =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz .,:;-+=_/\\()[]'\"!?%#&*<>@~|$^{}`\u00b0";

    /**
     * The glyphs of {@link #CHARS} in order, 9 rows each from the top, one base-32 digit per row
     * whose 5 bits are the row's pixels, the most significant bit leftmost.
     */
    private static final String GLYPHS =
            "ehhlhhe004c4444e00eh1248v00v2421he0026aiv2200vgu11he0068guhhe00v12488800ehhehhe00ehhf12c00"
            + "ehhvhhh00uhhuhhu00ehggghe00sihhhis00vgguggv00vgguggg00ehgnhhf00hhhvhhh00e44444e0072222ic00"
            + "hikokih00ggggggv00hrllhhh00hhpljhh00ehhhhhe00uhhuggg00ehhhlid00uhhukih00fgge11u00v44444400"
            + "hhhhhhe00hhhhha400hhhllla00hha4ahh00hha444400v1248gv0000e1fhf00ggmphhu0000egghe0011djhhf00"
            + "00ehvge00698s8880000fhhjd1eggmphhh0040c444e002062222icggikoki00c44444e0000qllll0000mphhh00"
            + "00ehhhe0000uhhpmgg00fhhjd1100mpggg0000fge1u0088s88960000hhhjd0000hhha40000hhlla0000ha4ah00"
            + "00hhhjd1e00v248v0000000000000000cc0000000cc480cc0cc0000cc0cc480000v00000044v4400000v0v0000"
            + "0000000v001248g0000g8421000248884200842224800e88888e00e22222e00448000000aaa000000444440400"
            + "eh1240400op248j300aavavaa00cik8lid0004lel4000248g84200842124800ehnlnge00008l20000444444440"
            + "4fke5u4004ah000000344844300o44244o00840000000ciic00000";

    private static final int[][] ROWS = decode();

    private BitmapFont() {
    }

    /** Width in pixels of {@code text} drawn at {@code scale}: no spacing after the last glyph. */
    public static int width(String text, int scale) {
        checkScale(scale);
        return text.isEmpty() ? 0 : (text.length() * ADVANCE - 1) * scale;
    }

    /** Height in pixels of a line drawn at {@code scale}, descenders included. */
    public static int height(int scale) {
        checkScale(scale);
        return GLYPH_HEIGHT * scale;
    }

    /** Whether the font has a glyph of its own for {@code c} (others are drawn as {@code ?}). */
    public static boolean covers(char c) {
        return CHARS.indexOf(c) >= 0;
    }

    /**
     * Draws {@code text} with its top-left corner at ({@code x}, {@code y}); glyph pixels become
     * {@code rgb} (0xRRGGBB), the pixels between them are left as they are, and pixels outside the
     * image are skipped.
     *
     * @param scale size of one glyph pixel in image pixels, at least 1
     */
    public static void drawText(BufferedImage raster, int x, int y, String text, int rgb, int scale) {
        checkScale(scale);
        for (int i = 0; i < text.length(); i++) {
            int glyph = CHARS.indexOf(text.charAt(i));
            int[] rows = ROWS[glyph >= 0 ? glyph : CHARS.indexOf('?')];
            int left = x + i * ADVANCE * scale;
            for (int r = 0; r < GLYPH_HEIGHT; r++) {
                for (int c = 0; c < GLYPH_WIDTH; c++) {
                    if ((rows[r] >> (GLYPH_WIDTH - 1 - c) & 1) != 0) {
                        fill(raster, left + c * scale, y + r * scale, scale, rgb);
                    }
                }
            }
        }
    }

    private static void fill(BufferedImage raster, int x, int y, int size, int rgb) {
        int x0 = Math.max(x, 0);
        int y0 = Math.max(y, 0);
        int x1 = Math.min(x + size, raster.getWidth());
        int y1 = Math.min(y + size, raster.getHeight());
        for (int py = y0; py < y1; py++) {
            for (int px = x0; px < x1; px++) {
                raster.setRGB(px, py, rgb);
            }
        }
    }

    private static void checkScale(int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be at least 1, got " + scale);
        }
    }

    private static int[][] decode() {
        int[][] rows = new int[CHARS.length()][GLYPH_HEIGHT];
        for (int g = 0; g < rows.length; g++) {
            for (int r = 0; r < GLYPH_HEIGHT; r++) {
                rows[g][r] = Character.digit(GLYPHS.charAt(g * GLYPH_HEIGHT + r), 32);
            }
        }
        return rows;
    }
}
