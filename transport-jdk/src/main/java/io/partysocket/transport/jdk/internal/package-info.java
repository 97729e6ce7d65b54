/** Implementation of the {@code "jdk"} transport; not exported from the module and not an API. */
package io.partysocket.transport.jdk.internal;
