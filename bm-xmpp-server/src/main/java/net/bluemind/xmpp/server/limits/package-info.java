/**
 * How long a value the server stores may be, checked where it enters (the protocol edge), so that a
 * client whose data cannot be stored gets an error instead of a silent loss, on H2 and PostgreSQL alike.
 * docs/storage.md lists every limit.
 */
package net.bluemind.xmpp.server.limits;
