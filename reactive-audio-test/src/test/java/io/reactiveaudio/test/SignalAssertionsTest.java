package io.reactiveaudio.test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class SignalAssertionsTest {

    private static final int RATE = 48_000;
    private static final float[] SINE = Signals.sine(RATE, 1, RATE / 10, 997, 0.5);

    @Nested
    class Snr {

        @Test
        void isInfiniteForIdenticalSignalsIncludingSilence() {
            assertEquals(Double.POSITIVE_INFINITY, SignalAssertions.snrDb(SINE, SINE.clone()));
            assertEquals(Double.POSITIVE_INFINITY, SignalAssertions.snrDb(new float[8], new float[8]));
        }

        @Test
        void isMinusInfinityForAnyErrorAgainstASilentReference() {
            assertEquals(Double.NEGATIVE_INFINITY, SignalAssertions.snrDb(new float[] {0, 0}, new float[] {0, 1e-6f}));
        }

        @Test
        void isTheRatioOfSignalToErrorEnergyInDecibels() {
            float[] half = scaled(SINE, 0.5f);

            assertEquals(10 * Math.log10(4), SignalAssertions.snrDb(SINE, half), 1e-9);
        }

        @Test
        void ofSixteenAndEightBitQuantizationMatchesTheTextbookSixDecibelsPerBit() {
            // a sine at -6 dBFS: 6.02 * bits + 1.76 - 6.02
            assertEquals(92.1, SignalAssertions.snrDb(SINE, WavFixtureWriter.dequantized(SINE, 16)), 1);
            assertEquals(44.0, SignalAssertions.snrDb(SINE, WavFixtureWriter.dequantized(SINE, 8)), 1);
        }

        @Test
        void isNanWhenASampleIsNan() {
            float[] broken = SINE.clone();
            broken[3] = Float.NaN;

            assertTrue(Double.isNaN(SignalAssertions.snrDb(SINE, broken)));
        }

        @Test
        void rejectsSignalsOfDifferentLengths() {
            assertThrows(IllegalArgumentException.class, () -> SignalAssertions.snrDb(new float[3], new float[4]));
        }

        @Test
        void assertionPassesAtOrAboveTheThreshold() {
            float[] sixteenBit = WavFixtureWriter.dequantized(SINE, 16);

            assertDoesNotThrow(() -> SignalAssertions.assertSnrAtLeast(SINE, sixteenBit, 90));
            assertDoesNotThrow(() -> SignalAssertions.assertSnrAtLeast(SINE, SINE.clone(), 1_000));
        }

        @Test
        void assertionFailureGivesTheSnrAndTheLargestDifference() {
            float[] glitched = WavFixtureWriter.dequantized(SINE, 16);
            glitched[123] += 0.25f;
            double snr = SignalAssertions.snrDb(SINE, glitched);

            AssertionFailedError e = assertThrows(AssertionFailedError.class,
                    () -> SignalAssertions.assertSnrAtLeast(SINE, glitched, 60));

            assertEquals(String.format("SNR %.2f dB is below the required 60.00 dB; largest difference at index 123: "
                    + "reference %s, actual %s", snr, SINE[123], glitched[123]), e.getMessage());
        }

        @Test
        void assertionFailsOnNanAtTheNanIndex() {
            float[] broken = SINE.clone();
            broken[7] = Float.NaN;

            AssertionFailedError e = assertThrows(AssertionFailedError.class,
                    () -> SignalAssertions.assertSnrAtLeast(SINE, broken, 0));

            assertTrue(e.getMessage().startsWith("SNR NaN dB"), e.getMessage());
            assertTrue(e.getMessage().contains("index 7:"), e.getMessage());
        }

        @Test
        void assertionFailsOnALengthMismatchNamingBothLengths() {
            AssertionFailedError e = assertThrows(AssertionFailedError.class,
                    () -> SignalAssertions.assertSnrAtLeast(SINE, Arrays.copyOf(SINE, 100), 0));

            assertEquals("lengths differ: expected 4800 samples, actual 100", e.getMessage());
            assertEquals(4800, e.getExpected().getValue());
            assertEquals(100, e.getActual().getValue());
        }
    }

    @Nested
    class Correlation {

        @Test
        void isOneForAnAffineCopyAndMinusOneForAnInvertedOne() {
            float[] louderAndOffset = SINE.clone();
            for (int i = 0; i < louderAndOffset.length; i++) {
                louderAndOffset[i] = 1.5f * louderAndOffset[i] + 0.25f;
            }

            assertEquals(1, SignalAssertions.correlation(SINE, louderAndOffset), 1e-6);
            assertEquals(-1, SignalAssertions.correlation(SINE, scaled(SINE, -1)), 1e-12);
        }

        @Test
        void isNearZeroForIndependentNoise() {
            float[] a = Signals.noise(1, RATE, 1, RATE, 1);
            float[] b = Signals.noise(2, RATE, 1, RATE, 1);

            assertEquals(0, SignalAssertions.correlation(a, b), 0.02);
        }

        @Test
        void isUndefinedForAConstantSignalOrFewerThanTwoSamples() {
            assertTrue(Double.isNaN(SignalAssertions.correlation(SINE, new float[SINE.length])));
            assertTrue(Double.isNaN(SignalAssertions.correlation(new float[] {1}, new float[] {2})));
        }

        @Test
        void assertionPassesAtOrAboveTheThreshold() {
            float[] eightBit = WavFixtureWriter.dequantized(SINE, 8);

            assertDoesNotThrow(() -> SignalAssertions.assertCorrelationAtLeast(SINE, eightBit, 0.999));
        }

        @Test
        void assertionFailsBelowTheThresholdGivingTheCoefficient() {
            AssertionFailedError e = assertThrows(AssertionFailedError.class,
                    () -> SignalAssertions.assertCorrelationAtLeast(SINE, scaled(SINE, -1), 0.9));

            assertEquals("correlation -1.000000 is below the required 0.900000", e.getMessage());
        }

        @Test
        void assertionFailsWhenCorrelationIsUndefined() {
            AssertionFailedError e = assertThrows(AssertionFailedError.class,
                    () -> SignalAssertions.assertCorrelationAtLeast(SINE, new float[SINE.length], -1));

            assertTrue(e.getMessage().startsWith("correlation is undefined"), e.getMessage());
        }

        @Test
        void assertionRejectsAThresholdOutsideMinusOneToOne() {
            assertThrows(IllegalArgumentException.class, () -> SignalAssertions.assertCorrelationAtLeast(SINE, SINE, 1.5));
        }
    }

    @Nested
    class BitExact {

        @Test
        void passesForEqualBits() {
            assertDoesNotThrow(() -> SignalAssertions.assertBitExact(SINE, SINE.clone()));
        }

        @Test
        void failsOnAOneUlpDifferenceGivingIndexValuesBitsAndCount() {
            float[] actual = {0f, 0.25f, Math.nextUp(0.25f), 1f};
            float[] expected = {0f, 0.25f, 0.25f, 0.5f};

            AssertionFailedError e = assertThrows(AssertionFailedError.class,
                    () -> SignalAssertions.assertBitExact(expected, actual));

            assertEquals("not bit-exact at index 2: expected 0.25 (0x3e800000), actual 0.25000003 (0x3e800001); "
                    + "2 of 4 samples differ", e.getMessage());
        }

        @Test
        void distinguishesNegativeZeroFromZero() {
            assertThrows(AssertionFailedError.class,
                    () -> SignalAssertions.assertBitExact(new float[] {0f}, new float[] {-0f}));
        }

        @Test
        void withChannelsNamesTheFrameAndChannel() {
            float[] expected = new float[6];
            float[] actual = new float[6];
            actual[5] = 1f;

            AssertionFailedError e = assertThrows(AssertionFailedError.class,
                    () -> SignalAssertions.assertBitExact(expected, actual, 2));

            assertTrue(e.getMessage().startsWith("not bit-exact at index 5 (frame 2, channel 1): expected 0.0"),
                    e.getMessage());
        }

        @Test
        void failsOnALengthMismatch() {
            AssertionFailedError e = assertThrows(AssertionFailedError.class,
                    () -> SignalAssertions.assertBitExact(new float[4], new float[6], 2));

            assertEquals("lengths differ: expected 4 samples, actual 6", e.getMessage());
        }

        @Test
        void rejectsSamplesThatDoNotFillWholeFrames() {
            assertThrows(IllegalArgumentException.class,
                    () -> SignalAssertions.assertBitExact(new float[5], new float[5], 2));
        }
    }

    @Nested
    class BestLag {

        private final float[] music = WriteSignal.signal("music", RATE, 1, 4_800, 5, 0.5);

        @Test
        void findsTheDelayADecoderAddsBeforeTheSignal() {
            float[] decoded = WavFixtureWriter.dequantized(delayed(music, 529), 16);

            assertEquals(529, SignalAssertions.bestLag(music, decoded, 1_152));
        }

        @Test
        void isNegativeWhenTheActualSignalIsAhead() {
            float[] early = Arrays.copyOfRange(music, 12, music.length);

            assertEquals(-12, SignalAssertions.bestLag(music, early, 100));
        }

        @Test
        void findsTheLagOfAClick() {
            float[] click = Signals.clicks(RATE, 1, 200, 1_000, 1);

            assertEquals(37, SignalAssertions.bestLag(click, delayed(click, 37), 50));
        }

        @Test
        void staysWithinMaxLag() {
            int lag = SignalAssertions.bestLag(music, delayed(music, 529), 100);

            assertTrue(Math.abs(lag) <= 100, "lag " + lag);
        }

        @Test
        void acceptsAMaxLagLongerThanTheSignals() {
            float[] click = Signals.clicks(RATE, 1, 200, 1_000, 1);

            assertEquals(37, SignalAssertions.bestLag(click, delayed(click, 37), Integer.MAX_VALUE));
        }

        @Test
        void isZeroForSilence() {
            assertEquals(0, SignalAssertions.bestLag(new float[100], new float[100], 10));
        }

        @Test
        void rejectsANegativeMaxLag() {
            assertThrows(IllegalArgumentException.class, () -> SignalAssertions.bestLag(music, music, -1));
        }

        private float[] delayed(float[] signal, int samples) {
            float[] out = new float[signal.length + samples];
            System.arraycopy(signal, 0, out, samples, signal.length);
            return out;
        }
    }

    private static float[] scaled(float[] signal, float gain) {
        float[] out = signal.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= gain;
        }
        return out;
    }
}
