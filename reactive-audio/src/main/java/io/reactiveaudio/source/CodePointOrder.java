package io.reactiveaudio.source;

import java.util.Comparator;

/**
 * Orders strings by Unicode code point, the same way on every machine and in every locale.
 *
 * <p>{@link String#compareTo} compares UTF-16 units, which puts characters above U+FFFF (emoji,
 * rare CJK) before U+E000..U+FFFF; this order does not. No normalization is applied: "é" as one
 * code point and "e" + combining accent are different names. Stateless and thread-safe.
 */
final class CodePointOrder {

    /** The order as a comparator. */
    static final Comparator<String> STRINGS = CodePointOrder::compare;

    private CodePointOrder() {
    }

    /** Compares two strings code point by code point; a proper prefix sorts first. */
    static int compare(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(i);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
        }
        return Integer.compare(a.length() - i, b.length() - i);
    }
}
