package net.bluemind.xmpp.bench;

/**
 * What every connection of a run shares; one instance per run so a connection only costs a reference to it.
 *
 * @param tls null when {@code tlsMode} is {@link TlsMode#NONE}
 */
record ConnectionSettings(String domain, String password, String resource, TlsMode tlsMode, ClientTls tls,
        boolean sendPresence, long loginTimeoutMillis, long closeTimeoutMillis) {

    ConnectionSettings withoutPresence() {
        return new ConnectionSettings(domain, password, resource, tlsMode, tls, false, loginTimeoutMillis,
                closeTimeoutMillis);
    }

    ConnectionSettings withResource(String other) {
        return new ConnectionSettings(domain, password, other, tlsMode, tls, sendPresence, loginTimeoutMillis,
                closeTimeoutMillis);
    }
}
