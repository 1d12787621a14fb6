package io.reactiveaudio.features.mel;

/** The mel scale of a filter bank: torchaudio's and librosa's {@code mel_scale}. Conversions in double precision. */
public enum MelScale {

    /** {@code mel(f) = 2595 log10(1 + f / 700)}: torchaudio's default, HTK's. */
    HTK {
        @Override
        public double toMel(double hz) {
            return 2595.0 * Math.log10(1.0 + hz / 700.0);
        }

        @Override
        public double toHz(double mel) {
            return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
        }
    },

    /**
     * Slaney's Auditory Toolbox scale: linear below 1000 Hz ({@code mel(f) = 3 f / 200}),
     * logarithmic above ({@code 15 + ln(f / 1000) / (ln(6.4) / 27)}); librosa's default.
     */
    SLANEY {
        @Override
        public double toMel(double hz) {
            return hz < MIN_LOG_HZ ? hz / LINEAR_STEP : MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP;
        }

        @Override
        public double toHz(double mel) {
            return mel < MIN_LOG_MEL ? mel * LINEAR_STEP : MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL));
        }
    };

    private static final double LINEAR_STEP = 200.0 / 3;
    private static final double MIN_LOG_HZ = 1000.0;
    private static final double MIN_LOG_MEL = MIN_LOG_HZ / LINEAR_STEP;
    private static final double LOG_STEP = Math.log(6.4) / 27.0;

    /** Mels of a frequency in Hz. */
    public abstract double toMel(double hz);

    /** Hz of a mel value. */
    public abstract double toHz(double mel);
}
