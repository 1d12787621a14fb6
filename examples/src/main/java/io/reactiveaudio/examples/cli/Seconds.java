package io.reactiveaudio.examples.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration such as {@code 1s}, {@code 0.5s}, {@code 250ms} or {@code 2} (seconds) into
 * seconds. Stateless and thread-safe.
 */
final class Seconds implements ITypeConverter<Double> {

    @Override
    public Double convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        double scale = 1;
        if (v.endsWith("ms")) {
            scale = 1e-3;
            v = v.substring(0, v.length() - 2);
        } else if (v.endsWith("s")) {
            v = v.substring(0, v.length() - 1);
        }
        try {
            double seconds = Double.parseDouble(v) * scale;
            if (!(seconds > 0) || Double.isInfinite(seconds)) {
                throw new TypeConversionException("not a positive duration: " + value);
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("not a duration (e.g. 1s, 0.5s, 250ms): " + value);
        }
    }
}
