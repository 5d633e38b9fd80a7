package net.bluemind.xmpp.bench;

/** The XML namespaces the client needs to recognise or emit (RFC 6120, XEP-0199, XEP-0313 and what it uses). */
final class Ns {

    static final String CLIENT = "jabber:client";
    static final String STREAMS = "http://etherx.jabber.org/streams";
    static final String TLS = "urn:ietf:params:xml:ns:xmpp-tls";
    static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    static final String BIND = "urn:ietf:params:xml:ns:xmpp-bind";
    static final String SESSION = "urn:ietf:params:xml:ns:xmpp-session";
    static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
    static final String ROSTER = "jabber:iq:roster";
    static final String PING = "urn:xmpp:ping";
    static final String MAM = "urn:xmpp:mam:2";
    static final String RSM = "http://jabber.org/protocol/rsm";
    static final String DATA_FORMS = "jabber:x:data";
    static final String FULLTEXT_FIELD = "{urn:xmpp:fulltext:0}fulltext";
    static final String STANZA_ID = "urn:xmpp:sid:0";

    private Ns() {
    }
}
