/**
 * The transport conformance suite. A transport's test class extends {@link
 * io.partysocket.tck.TransportTck} and returns its factory from {@code createFactory()}.
 */
package io.partysocket.tck;
