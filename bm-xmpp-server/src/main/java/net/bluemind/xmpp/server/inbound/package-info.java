/**
 * How much a peer may send: the per-connection {@link net.bluemind.xmpp.server.inbound.ReadGate} that every
 * pause of reading goes through, and the {@link net.bluemind.xmpp.server.inbound.InboundShaper} (bytes and
 * stanzas per second, {@code limits.inbound-rate}).
 */
package net.bluemind.xmpp.server.inbound;
