package net.bluemind.xmpp.bench;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Everything the client writes on the wire, as strings.
 *
 * <p>
 * Kept as plain string building (no serializer) because the set is tiny and fixed, and because the message path runs
 * hundreds of thousands of times a second: one {@link StringBuilder} and one UTF-8 encoding per stanza.
 */
final class ClientStanzas {

    static final String STARTTLS = "<starttls xmlns='" + Ns.TLS + "'/>";
    static final String PRESENCE = "<presence/>";
    static final String STREAM_CLOSE = "</stream:stream>";
    static final String BIND_ID = "b1";
    static final String SESSION_ID = "s1";
    static final String SESSION = "<iq type='set' id='" + SESSION_ID + "'><session xmlns='" + Ns.SESSION
            + "'/></iq>";

    private ClientStanzas() {
    }

    static String streamHeader(String domain) {
        return "<?xml version='1.0'?><stream:stream xmlns='" + Ns.CLIENT + "' xmlns:stream='" + Ns.STREAMS + "' to='"
                + escape(domain) + "' version='1.0'>";
    }

    /** SASL PLAIN with an empty authorization identity: base64("\0" + user + "\0" + password). */
    static String authPlain(String user, String password) {
        byte[] u = user.getBytes(StandardCharsets.UTF_8);
        byte[] p = password.getBytes(StandardCharsets.UTF_8);
        byte[] raw = new byte[u.length + p.length + 2];
        System.arraycopy(u, 0, raw, 1, u.length);
        System.arraycopy(p, 0, raw, u.length + 2, p.length);
        return "<auth xmlns='" + Ns.SASL + "' mechanism='PLAIN'>" + Base64.getEncoder().encodeToString(raw)
                + "</auth>";
    }

    static String bind(String resource) {
        return "<iq type='set' id='" + BIND_ID + "'><bind xmlns='" + Ns.BIND + "'><resource>" + escape(resource)
                + "</resource></bind></iq>";
    }

    /**
     * A chat message. {@code toEscaped} must already be escaped (it is computed once per sender) and {@code body} is
     * produced by {@link ChatPayload}, which only emits characters that need no escaping.
     */
    static String chat(String toEscaped, long id, String body) {
        StringBuilder sb = new StringBuilder(64 + toEscaped.length() + body.length());
        sb.append("<message to='").append(toEscaped).append("' type='chat' id='").append(id).append("'><body>")
                .append(body).append("</body></message>");
        return sb.toString();
    }

    /** Answer to an XEP-0199 ping, which some servers send to idle clients. */
    static String iqResult(String id, String to) {
        return "<iq type='result' id='" + escape(id) + "'" + toAttribute(to) + "/>";
    }

    /** RFC 6120 8.4: an entity must answer get/set requests it does not understand with an error. */
    static String iqServiceUnavailable(String id, String to) {
        return "<iq type='error' id='" + escape(id) + "'" + toAttribute(to)
                + "><error type='cancel'><service-unavailable xmlns='" + Ns.STANZAS + "'/></error></iq>";
    }

    private static String toAttribute(String to) {
        return to == null ? "" : " to='" + escape(to) + "'";
    }

    static String escape(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '&' -> "&amp;";
            case '\'' -> "&apos;";
            case '"' -> "&quot;";
            default -> null;
            };
            if (rep != null && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (sb != null) {
                if (rep != null) {
                    sb.append(rep);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? s : sb.toString();
    }
}
