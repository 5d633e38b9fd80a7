/**
 * The stanza path every feature attaches to (Prosody's {@code module:hook}): named, ordered hooks of a message's way
 * ({@link net.bluemind.xmpp.server.hooks.StanzaHooks}), and the small types features share without depending on the
 * dispatcher: error replies, the gate before routing, the route to other servers.
 */
package net.bluemind.xmpp.server.hooks;
