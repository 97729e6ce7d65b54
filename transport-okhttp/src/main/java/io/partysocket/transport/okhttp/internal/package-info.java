/**
 * Implementation of the {@code "okhttp"} transport; not exported from the module and not an API.
 */
package io.partysocket.transport.okhttp.internal;
