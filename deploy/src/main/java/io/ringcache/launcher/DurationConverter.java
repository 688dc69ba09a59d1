package io.ringcache.launcher;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations the way operators write them ({@code 500ms}, {@code 30s}, {@code 2m}); a bare number is seconds. */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            char unit = value.isEmpty() ? ' ' : value.charAt(value.length() - 1);
            String number = Character.isDigit(unit) ? value : value.substring(0, value.length() - 1);
            long amount = Long.parseLong(number);
            switch (unit) {
                case 'h':
                    return Duration.ofHours(amount);
                case 'm':
                    return Duration.ofMinutes(amount);
                case 's':
                    return Duration.ofSeconds(amount);
                default:
                    if (Character.isDigit(unit)) {
                        return Duration.ofSeconds(amount);
                    }
                    throw new TypeConversionException("not a duration (like 500ms, 30s, 2m): '" + text + "'");
            }
        } catch (NumberFormatException e) {
            throw new TypeConversionException("not a duration (like 500ms, 30s, 2m): '" + text + "'");
        }
    }
}
