package net.bluemind.xmpp.server.config;

/**
 * One listening socket.
 *
 * @param type    {@code c2s} (clients) or {@code s2s} (other servers, federation; STARTTLS only)
 * @param tls     {@code starttls} (plain TCP, STARTTLS required before authentication) or {@code direct}
 *                (TLS from the first byte, XEP-0368)
 * @param address the address to bind, e.g. 0.0.0.0, 127.0.0.1 or ::
 * @param port    the port; 0 picks a free one (tests)
 */
public record ListenerConfig(String type, String tls, String address, Integer port) {

    public ListenerConfig {
        type = type == null ? "c2s" : type;
        tls = tls == null ? "starttls" : tls;
        address = address == null ? "0.0.0.0" : address;
        port = port == null ? ("s2s".equals(type) ? 5269 : "direct".equals(tls) ? 5223 : 5222) : port;
    }

    public boolean s2s() {
        return "s2s".equals(type);
    }

    public boolean directTls() {
        return "direct".equals(tls);
    }

    static ListenerConfig defaultStartTls() {
        return new ListenerConfig("c2s", "starttls", null, 5222);
    }

    static ListenerConfig defaultDirectTls() {
        return new ListenerConfig("c2s", "direct", null, 5223);
    }
}
