package net.bluemind.xmpp.server.stream;

/**
 * A peer's stream header.
 *
 * @param qualifiedOk      whether the element was {@code stream} in the streams namespace
 * @param contentNamespace the default namespace the header declared (jabber:client for clients)
 */
public record StreamOpen(boolean qualifiedOk, String contentNamespace, String to, String from, String version, String lang,
                         String elementName, String elementNamespace) {

    /** What the peer sent, for an error message that lets the client's author see the mistake. */
    public String describe() {
        return "<" + elementName + "> in '" + elementNamespace + "' with default namespace '" + contentNamespace + "'";
    }
}
