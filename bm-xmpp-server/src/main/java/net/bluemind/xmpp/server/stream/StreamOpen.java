package net.bluemind.xmpp.server.stream;

import net.bluemind.xmpp.xml.XmlChars;

/**
 * A peer's stream header.
 *
 * @param qualifiedOk      whether the element was {@code stream} in the streams namespace
 * @param contentNamespace the default namespace the header declared (jabber:client for clients)
 * @param id               the stream id the peer chose (a server's answer header; dialback keys depend on it)
 */
public record StreamOpen(boolean qualifiedOk, String contentNamespace, String to, String from, String version, String lang,
                         String elementName, String elementNamespace, String id) {

    public StreamOpen(boolean qualifiedOk, String contentNamespace, String to, String from, String version, String lang,
                      String elementName, String elementNamespace) {
        this(qualifiedOk, contentNamespace, to, from, version, lang, elementName, elementNamespace, null);
    }

    /** What the peer sent, for an error message that lets the client's author see the mistake. */
    public String describe() {
        return "<" + XmlChars.quote(elementName) + "> in '" + XmlChars.quote(elementNamespace)
                + "' with default namespace '" + XmlChars.quote(contentNamespace) + "'";
    }
}
