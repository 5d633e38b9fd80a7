package net.bluemind.xmpp.server.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.bluemind.xmpp.server.config.ConfigLoader;
import net.bluemind.xmpp.server.config.ListenerConfig;
import net.bluemind.xmpp.server.config.ServerConfig;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.TestServer;

/** The shipped demo configuration serves the demo directory (only its ports and state folder are moved). */
class DemoConfigurationTest {

    @TempDir
    Path state;

    @Test
    void demoDirectoryAccountsLogInAsTheReadmeSays() throws Exception {
        ServerConfig demo = ConfigLoader.load(Path.of("../etc/demo/standalone.yaml"));
        try (TestServer server = TestServer.start(ignored -> demo.withStateDir(state).withListeners(List.of(
                new ListenerConfig("c2s", "starttls", "127.0.0.1", 0), new ListenerConfig("c2s", "direct", "127.0.0.1", 0))))) {
            for (String user : new String[] {"alice@acme.test", "bob@acme.test", "erin@acme.test", "carol@globex.test", "admin@acme.test"}) {
                XMPPTCPConnection c = SmackClients.login(server, user, "demo");
                assertEquals(user + "/demo", c.getUser().toString());
                c.disconnect();
            }
            XMPPTCPConnection bench = SmackClients.login(server, "bench42@acme.test", "bench", "demo", b -> { });
            assertEquals("bench42@acme.test/demo", bench.getUser().toString());
            bench.disconnect();
            assertThrows(SASLErrorException.class, () -> SmackClients.login(server, "dave@acme.test", "demo"));
            assertThrows(SASLErrorException.class, () -> SmackClients.login(server, "bench60001@acme.test", "bench", "demo", b -> { }));
        }
    }
}
