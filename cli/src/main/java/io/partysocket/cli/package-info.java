/** The {@code partysocket} command line: connect to a URL or a PartyKit room, or run the demo. */
package io.partysocket.cli;
