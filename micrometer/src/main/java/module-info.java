/**
 * Micrometer metrics for PartySocket for Java: {@link io.partysocket.micrometer.PartySocketMetrics}
 * binds the meters of one socket to a {@code MeterRegistry}. The meters are listed in its class
 * documentation.
 */
module io.partysocket.micrometer {
  requires transitive io.partysocket.core;
  requires transitive micrometer.core;

  exports io.partysocket.micrometer;
}
