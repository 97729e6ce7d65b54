/** The demo's embedded echo server; public only because Jetty instantiates its endpoint. */
package io.partysocket.cli.demo;
