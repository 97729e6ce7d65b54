/** Implementation of the {@code "tyrus"} transport; not an API. */
package io.partysocket.transport.tyrus.internal;
