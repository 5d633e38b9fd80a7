/**
 * XEP-0160 Best Practices for Handling Offline Messages (RFC 6121 §8.5.2.1.1): storage of what no session could take,
 * flushed on the next initial presence, with XEP-0203 delays.
 */
package net.bluemind.xmpp.server.offline;
