/**
 * The PartyKit URL rules and the HTTP {@code fetch} helper behind {@code PartySocket}: parsing the
 * host, choosing the scheme, percent-encoding room, party and path, and form-encoding the query.
 *
 * <p>Internal: not exported from the module, and may change without notice.
 */
package io.partysocket.internal.party;
