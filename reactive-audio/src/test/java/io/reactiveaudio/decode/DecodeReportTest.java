package io.reactiveaudio.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecodeException.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A report counts every problem, hands each to its listener, and tells the first one of each file. */
class DecodeReportTest {

    @Test
    void aFileSkippedInEveryEpochCountsEachTimeButIsNewOnlyOnce() {
        List<AudioDecodeException> heard = new ArrayList<>();
        DecodeReport report = new DecodeReport(heard::add);
        AudioDecodeException a = new AudioDecodeException(Path.of("a.mp3"), Kind.TRUNCATED, 100, "ends early");
        AudioDecodeException b = new AudioDecodeException(Path.of("b.mp3"), Kind.CORRUPT, 7, "bad frame");

        assertTrue(report.problem(a));
        assertTrue(report.problem(b));
        assertFalse(report.problem(a));

        assertEquals(2, report.count(Kind.TRUNCATED));
        assertEquals(1, report.count(Kind.CORRUPT));
        assertEquals(List.of(a, b, a), heard);
    }
}
