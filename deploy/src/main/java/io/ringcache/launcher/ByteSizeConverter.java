package io.ringcache.launcher;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads sizes such as {@code 256m}, {@code 1g}, {@code 512k} or plain bytes, as operators write them. */
public final class ByteSizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String text) {
        String value = text.trim().toLowerCase(java.util.Locale.ROOT);
        long unit = 1;
        char last = value.isEmpty() ? ' ' : value.charAt(value.length() - 1);
        if (last == 'b') {
            value = value.substring(0, value.length() - 1);
            last = value.isEmpty() ? ' ' : value.charAt(value.length() - 1);
        }
        if (last == 'k' || last == 'm' || last == 'g' || last == 't') {
            unit = 1L << (10 * ("kmgt".indexOf(last) + 1));
            value = value.substring(0, value.length() - 1);
        }
        try {
            long number = Long.parseLong(value);
            if (number < 0 || number > Long.MAX_VALUE / unit) {
                throw new TypeConversionException("size out of range: '" + text + "'");
            }
            return number * unit;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("not a size (like 256m, 1g, 4096): '" + text + "'");
        }
    }
}
