package io.reactiveaudio.examples.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BitmapFontTest {

    private static final int INK = 0x102030;

    @Test
    void textInksPixelsOnlyInsideItsBox() {
        BufferedImage image = new BufferedImage(100, 40, BufferedImage.TYPE_INT_RGB);
        BitmapFont.drawText(image, 10, 5, "1.5 kHz", INK, 2);

        int width = BitmapFont.width("1.5 kHz", 2);
        assertEquals((7 * 6 - 1) * 2, width);
        int inked = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                boolean ink = (image.getRGB(x, y) & 0xFFFFFF) == INK;
                boolean inside = x >= 10 && x < 10 + width && y >= 5 && y < 5 + BitmapFont.height(2);
                assertFalse(ink && !inside, "ink outside the text box at " + x + "," + y);
                inked += ink ? 1 : 0;
            }
        }
        assertTrue(inked > 100, "the glyphs drew " + inked + " pixels");
    }

    @Test
    void eachCharacterStartsOneAdvanceAfterTheLast() {
        BufferedImage one = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        BufferedImage two = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        BitmapFont.drawText(one, 0, 0, "H", INK, 1);
        BitmapFont.drawText(two, 0, 0, " H", INK, 1);

        for (int y = 0; y < BitmapFont.GLYPH_HEIGHT; y++) {
            for (int x = 0; x < BitmapFont.GLYPH_WIDTH; x++) {
                assertEquals(one.getRGB(x, y), two.getRGB(x + BitmapFont.ADVANCE, y));
            }
        }
        assertEquals(INK, one.getRGB(0, 0) & 0xFFFFFF, "H has a full-height left stem");
        assertEquals(INK, one.getRGB(0, BitmapFont.CAP_HEIGHT - 1) & 0xFFFFFF);
        assertEquals(0, one.getRGB(0, BitmapFont.CAP_HEIGHT) & 0xFFFFFF, "and no descender");
    }

    @Test
    void everyPrintableAsciiCharacterHasItsOwnGlyph() {
        String printable = java.util.stream.IntStream.rangeClosed(0x21, 0x7E)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        int[][] bitmaps = new int[printable.length()][];
        for (int i = 0; i < printable.length(); i++) {
            char c = printable.charAt(i);
            assertTrue(BitmapFont.covers(c), "covers " + c);
            bitmaps[i] = bitmap(String.valueOf(c));
            assertTrue(Arrays.stream(bitmaps[i]).anyMatch(p -> p != 0), "glyph of " + c + " is blank");
            for (int j = 0; j < i; j++) {
                assertFalse(Arrays.equals(bitmaps[i], bitmaps[j]), c + " looks like " + printable.charAt(j));
            }
        }
    }

    @Test
    void unknownCharactersAreDrawnAsAQuestionMarkAndDescendersGoBelowTheBaseline() {
        assertFalse(BitmapFont.covers('\u20ac'));
        assertEquals(Arrays.toString(bitmap("?")), Arrays.toString(bitmap("\u20ac")));
        int[] g = bitmap("g");
        boolean below = false;
        for (int x = 0; x < BitmapFont.GLYPH_WIDTH; x++) {
            below |= g[BitmapFont.CAP_HEIGHT * BitmapFont.GLYPH_WIDTH + x] != 0;
        }
        assertTrue(below);
        assertNotEquals(Arrays.toString(bitmap("g")), Arrays.toString(bitmap("q")));
    }

    @Test
    void clipsAtTheImageEdgeAndRejectsAScaleBelowOne() {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        BitmapFont.drawText(image, -3, -4, "Wz", INK, 3);
        assertThrows(IllegalArgumentException.class, () -> BitmapFont.drawText(image, 0, 0, "x", INK, 0));
    }

    private static int[] bitmap(String c) {
        BufferedImage image = new BufferedImage(BitmapFont.GLYPH_WIDTH, BitmapFont.GLYPH_HEIGHT,
                BufferedImage.TYPE_INT_RGB);
        BitmapFont.drawText(image, 0, 0, c, 0xFFFFFF, 1);
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
