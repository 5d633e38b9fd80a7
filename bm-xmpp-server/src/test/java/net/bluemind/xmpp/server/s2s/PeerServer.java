package net.bluemind.xmpp.server.s2s;

/** A real XMPP server from a Debian package, run for the federation tests on its own loopback address. */
interface PeerServer extends AutoCloseable {

    String domain();

    String address();

    void register(String user, String password) throws Exception;

    void start() throws Exception;

    /** Its log's last lines, for failure messages. */
    String log();
}
