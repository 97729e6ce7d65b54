package io.partysocket.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Reads a duration option: whole milliseconds ({@code 250}), or a number with {@code ms}, {@code s}
 * or {@code m} ({@code 250ms}, {@code 2s}, {@code 1m}).
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (text.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
      }
      if (text.endsWith("s")) {
        return Duration.ofMillis(
            Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
      }
      if (text.endsWith("m")) {
        return Duration.ofMillis(
            Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 60_000));
      }
      return Duration.ofMillis(Long.parseLong(text));
    } catch (NumberFormatException e) {
      throw new CommandLine.TypeConversionException(
          "invalid duration '" + value + "': write milliseconds (250) or 250ms, 2s, 1m");
    }
  }
}
