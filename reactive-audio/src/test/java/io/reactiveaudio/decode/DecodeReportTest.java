package io.reactiveaudio.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecodeException.Kind;
import io.reactiveaudio.codec.Concealment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A report counts every problem and every damaged file, hands each problem to its listener, and
 * tells the first one of each file.
 */
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

    @Test
    void damageIsCountedAndAddedUpEveryTimeAndNewOnlyOncePerFile() {
        DecodeReport report = new DecodeReport();
        FileDamage a = new FileDamage(Path.of("a.mp3"), new Concealment(418, 1, 1152), 4000, DamagePolicy.DELIVER);
        FileDamage b = new FileDamage(Path.of("b.mp3"), new Concealment(0, 2, 2304), 0, DamagePolicy.SKIP);

        assertTrue(report.damaged(a));
        assertTrue(report.damaged(b));
        assertFalse(report.damaged(a));

        assertEquals(3, report.damagedFiles());
        assertEquals(new Concealment(836, 4, 4608), report.concealed());
        assertEquals(List.of(a, b, a), report.damage());
        assertEquals("a.mp3: 418 bytes skipped, 1 coded frame concealed (1152 frames of silence), first in the chunk"
                + " at frame 4000: delivered", a.toString());
        assertEquals(0, report.problemFiles(), "delivered or skipped, damage is not itself a decoding failure");
    }
}
