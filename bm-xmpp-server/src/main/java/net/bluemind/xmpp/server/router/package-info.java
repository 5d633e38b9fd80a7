/**
 * RFC 6120 §8 and RFC 6121 §8.5: addressing and dispatch of stanzas from clients, servers and the server itself.
 */
package net.bluemind.xmpp.server.router;
