/** Implementation of the {@code "netty"} transport; not exported from the module and not an API. */
package io.partysocket.transport.netty.internal;
