package io.partysocket.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Reads a duration option: a number with the unit {@code ms}, {@code s} or {@code m} ({@code
 * 250ms}, {@code 2s}, {@code 1.5s}, {@code 1m}), or {@code 0}. Any other bare number is rejected,
 * because a reader cannot tell whether {@code 4} means 4 seconds or 4 milliseconds. Negative
 * durations are rejected too.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    long millis;
    try {
      if (text.endsWith("ms")) {
        millis = Long.parseLong(text.substring(0, text.length() - 2));
      } else if (text.endsWith("s")) {
        millis = scale(text.substring(0, text.length() - 1), 1000);
      } else if (text.endsWith("m")) {
        millis = scale(text.substring(0, text.length() - 1), 60_000);
      } else if (Double.parseDouble(text) == 0) {
        millis = 0;
      } else {
        throw new CommandLine.TypeConversionException(
            "invalid duration '"
                + value
                + "': the unit is missing; write "
                + text
                + "s or "
                + text
                + "ms");
      }
    } catch (NumberFormatException e) {
      throw new CommandLine.TypeConversionException(
          "invalid duration '" + value + "': write a number and a unit, as in 250ms, 2s or 1m");
    }
    if (millis < 0) {
      throw new CommandLine.TypeConversionException(
          "invalid duration '" + value + "': a duration must not be negative");
    }
    return Duration.ofMillis(millis);
  }

  private static long scale(String number, long unitMillis) {
    double amount = Double.parseDouble(number);
    if (!Double.isFinite(amount)) {
      throw new NumberFormatException("not a finite number: " + number);
    }
    return Math.round(amount * unitMillis);
  }
}
