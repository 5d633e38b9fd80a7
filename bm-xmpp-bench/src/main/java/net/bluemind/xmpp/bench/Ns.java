package net.bluemind.xmpp.bench;

/** The XML namespaces the client needs to recognise or emit (RFC 6120, XEP-0199). */
final class Ns {

	static final String CLIENT = "jabber:client";
	static final String STREAMS = "http://etherx.jabber.org/streams";
	static final String TLS = "urn:ietf:params:xml:ns:xmpp-tls";
	static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
	static final String BIND = "urn:ietf:params:xml:ns:xmpp-bind";
	static final String SESSION = "urn:ietf:params:xml:ns:xmpp-session";
	static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
	static final String PING = "urn:xmpp:ping";

	private Ns() {
	}
}
