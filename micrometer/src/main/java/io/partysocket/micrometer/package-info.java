/**
 * Micrometer metrics for {@link io.partysocket.ReconnectingWebSocket} and {@link
 * io.partysocket.PartySocket}. See {@link io.partysocket.micrometer.PartySocketMetrics} for the
 * meters, their types, tags and units.
 */
package io.partysocket.micrometer;
