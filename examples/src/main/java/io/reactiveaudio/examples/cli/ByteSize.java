package io.reactiveaudio.examples.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a byte count such as {@code 20G}, {@code 512M}, {@code 64k} or {@code 1000} (binary
 * multiples: k = 1024). Stateless and thread-safe.
 */
final class ByteSize implements ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (v.endsWith("B")) {
            v = v.substring(0, v.length() - 1);
        }
        int shift = v.isEmpty() ? 0 : switch (v.charAt(v.length() - 1)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        String digits = shift == 0 ? v : v.substring(0, v.length() - 1);
        try {
            long n = Long.parseLong(digits);
            if (n <= 0 || n > (Long.MAX_VALUE >> shift)) {
                throw new TypeConversionException("not a positive byte count: " + value);
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("not a byte count (e.g. 20G, 512M, 4096): " + value);
        }
    }
}
