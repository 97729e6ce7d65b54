/** Implementation of the {@code "jetty"} transport; not exported from the module and not an API. */
package io.partysocket.transport.jetty.internal;
