package org.subnetp2p.discovery.gossip.json;

import java.math.BigDecimal;

/**
 * Python's {@code repr(float)}: the shortest digits that read back as the same double, in fixed
 * notation for decimal exponents from -4 to 15 ({@code 0.0001}, {@code 123.0}) and scientific
 * notation otherwise ({@code 1e-05}, {@code 1.5e+16}).
 */
final class PythonFloats {
  private PythonFloats() {}

  static String repr(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("JSON cannot hold " + value);
    }
    if (value == 0) {
      return Double.doubleToRawLongBits(value) == 0 ? "0.0" : "-0.0";
    }
    String sign = value < 0 ? "-" : "";
    double magnitude = Math.abs(value);
    // Double.toString gives the shortest digits that round-trip (JDK 19+), except that it never
    // gives a single digit: 5e-324 comes out as 4.9E-324. Python picks the single digit then.
    BigDecimal shortest = new BigDecimal(Double.toString(magnitude)).stripTrailingZeros();
    if (shortest.precision() == 2) {
      shortest = singleDigit(magnitude, shortest);
    }
    String digits = shortest.unscaledValue().toString();
    int exponent = digits.length() - 1 - shortest.scale();
    return sign + format(digits, exponent);
  }

  /** A one-digit decimal that reads back as {@code magnitude}, if any; else {@code twoDigits}. */
  private static BigDecimal singleDigit(double magnitude, BigDecimal twoDigits) {
    BigDecimal exact = new BigDecimal(magnitude);
    BigDecimal best = null;
    int scale = twoDigits.scale() - 1;
    BigDecimal down = twoDigits.setScale(scale, java.math.RoundingMode.FLOOR);
    BigDecimal up = twoDigits.setScale(scale, java.math.RoundingMode.CEILING);
    for (BigDecimal candidate : new BigDecimal[] {down, up}) {
      if (candidate.signum() > 0 && candidate.doubleValue() == magnitude) {
        if (best == null
            || candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0) {
          best = candidate;
        }
      }
    }
    return best == null ? twoDigits : best.stripTrailingZeros();
  }

  private static String format(String digits, int exponent) {
    if (exponent >= -4 && exponent < 16) {
      if (exponent < 0) {
        return "0." + "0".repeat(-exponent - 1) + digits;
      }
      if (digits.length() <= exponent + 1) {
        return digits + "0".repeat(exponent + 1 - digits.length()) + ".0";
      }
      return digits.substring(0, exponent + 1) + "." + digits.substring(exponent + 1);
    }
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    int abs = Math.abs(exponent);
    return mantissa + (exponent < 0 ? "e-" : "e+") + (abs < 10 ? "0" : "") + abs;
  }
}
