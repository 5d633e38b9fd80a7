package net.bluemind.xmpp.server.s2s;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import net.bluemind.xmpp.server.config.ListenerConfig;
import net.bluemind.xmpp.server.config.S2sConfig;
import net.bluemind.xmpp.server.config.ServerConfig;
import net.bluemind.xmpp.server.config.TlsConfig;
import net.bluemind.xmpp.server.testkit.TestServer;

/** Our test server (acme.test, globex.test) federating: s2s listener on 127.0.0.5:5269, peers by static routes. */
final class OurFederatingServer {

    static final String S2S_ADDRESS = "127.0.0.5";
    /** Our domains as peers must resolve them. */
    static final Map<String, String> HOSTS = Map.of("acme.test", S2S_ADDRESS, "globex.test", S2S_ADDRESS);

    private OurFederatingServer() {
    }

    /**
     * @param certificatesDir where acme.test.pem (signed by the test CA) is, or null for generated self-signed ones
     * @param caFile          the CA trusted for peers, or null
     * @param validation      {@code strict} or {@code dialback-allowed}
     */
    static TestServer start(Map<String, String> routes, Path certificatesDir, Path caFile, String validation, int connectTimeout) throws Exception {
        return TestServer.start(c -> configure(c, routes, certificatesDir, caFile, validation, connectTimeout));
    }

    static ServerConfig configure(ServerConfig c, Map<String, String> routes, Path certificatesDir, Path caFile, String validation,
                                  int connectTimeout) {
        ServerConfig withS2s = c.withListeners(List.of(new ListenerConfig("c2s", "starttls", "127.0.0.1", 0),
                        new ListenerConfig("s2s", "starttls", S2S_ADDRESS, 5269)))
                .withS2s(new S2sConfig(true, null, connectTimeout, 120, routes, caFile, validation, null, null,
                        "a-test-dialback-secret", null));
        return certificatesDir == null ? withS2s : withS2s.withTls(new TlsConfig(certificatesDir, null, null));
    }
}
