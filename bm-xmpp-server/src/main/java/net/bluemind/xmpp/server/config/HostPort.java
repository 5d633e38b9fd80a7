package net.bluemind.xmpp.server.config;

/** A {@code host:port} pair ({@code [v6]:port} for IPv6 literals), as static s2s routes name them. */
public record HostPort(String host, int port) {

    /** Null when {@code s} is not host:port with a port in 1..65535. */
    public static HostPort parse(String s) {
        if (s == null) {
            return null;
        }
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            return null;
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(s.substring(colon + 1));
            return port > 0 && port <= 65535 && !host.isBlank() ? new HostPort(host, port) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
