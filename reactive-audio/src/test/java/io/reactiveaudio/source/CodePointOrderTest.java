package io.reactiveaudio.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class CodePointOrderTest {

    @Test
    void upperCaseSortsBeforeLowerCaseAndAccentedLettersAfterAscii() {
        List<String> names = new ArrayList<>(List.of("é", "a", "ä", "Z"));
        names.sort(CodePointOrder.STRINGS);
        assertEquals(List.of("Z", "a", "ä", "é"), names);
    }

    @Test
    void charactersAboveTheBasicPlaneSortAfterItUnlikeStringCompareTo() {
        String fullwidthTilde = "\uFF5E";
        String grinningFace = "\uD83D\uDE00";
        assertTrue(fullwidthTilde.compareTo(grinningFace) > 0, "UTF-16 order puts the emoji first");
        assertTrue(CodePointOrder.compare(fullwidthTilde, grinningFace) < 0);
        assertTrue(CodePointOrder.compare(grinningFace, fullwidthTilde) > 0);
    }

    @Test
    void aProperPrefixSortsFirstAndEqualStringsCompareEqual() {
        assertTrue(CodePointOrder.compare("a", "a.wav") < 0);
        assertTrue(CodePointOrder.compare("a.wav", "a") > 0);
        assertEquals(0, CodePointOrder.compare("\uD83D\uDE00x", "\uD83D\uDE00x"));
    }

    @Test
    void theDefaultLocaleDoesNotMatter() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("sv-SE"));
            List<String> names = new ArrayList<>(List.of("ö", "z", "Å", "a"));
            names.sort(CodePointOrder.STRINGS);
            assertEquals(List.of("a", "z", "Å", "ö"), names);
        } finally {
            Locale.setDefault(saved);
        }
    }
}
