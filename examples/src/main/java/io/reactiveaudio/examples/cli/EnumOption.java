package io.reactiveaudio.examples.cli;

import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Reads an option's value as an enum constant: any case, {@code -} for {@code _}. Stateless. */
final class EnumOption {

    private EnumOption() {
    }

    /**
     * The constant of {@code type} that {@code value} names.
     *
     * @throws ParameterException naming {@code option} if there is none
     */
    static <E extends Enum<E>> E parse(CommandLine cli, String option, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cli, option + ": unknown value " + value);
        }
    }
}
