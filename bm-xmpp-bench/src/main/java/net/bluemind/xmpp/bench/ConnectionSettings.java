package net.bluemind.xmpp.bench;

/**
 * What every connection of a run shares; one instance per run so a connection only costs a reference to it.
 *
 * @param tls null when {@code tlsMode} is {@link TlsMode#NONE}
 */
record ConnectionSettings(String domain, String password, String resource, TlsMode tlsMode, ClientTls tls,
		boolean sendPresence, long loginTimeoutMillis, long closeTimeoutMillis) {
}
