/**
 * The stanza path composed once: {@link net.bluemind.xmpp.server.engine.StanzaPath} is what the server runs between
 * its connections and its storage (RFC 6121 rosters, presence and routing, with the features attached to its hooks);
 * {@link net.bluemind.xmpp.server.engine.InMemoryEngine} runs the same path on memory repositories, synchronously, for
 * unit tests of protocol rules and for benchmarks.
 */
package net.bluemind.xmpp.server.engine;
