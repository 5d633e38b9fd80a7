package net.bluemind.xmpp.server.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.server.config.ConnectionLimitsConfig;
import net.bluemind.xmpp.server.config.ListenerConfig;
import net.bluemind.xmpp.server.config.S2sConfig;
import net.bluemind.xmpp.server.testkit.Await;
import net.bluemind.xmpp.server.testkit.LogLines;
import net.bluemind.xmpp.server.testkit.Opened;
import net.bluemind.xmpp.server.testkit.RawClient;
import net.bluemind.xmpp.server.testkit.TestServer;

/**
 * {@code limits.connections}: connections that never authenticate cannot take every descriptor. Clients come
 * from distinct loopback addresses (127.0.0.x, Linux).
 */
class ConnectionLimitsTest {

    private final Opened open = new Opened();

    @AfterEach
    void close() throws Exception {
        open.close();
    }

    private TestServer server(ConnectionLimitsConfig limits) throws Exception {
        return open.add(TestServer.start(c -> c.withLimits(c.limits().withConnections(limits))));
    }

    /** {@code count} connections from {@code from} that send nothing. */
    private List<Socket> silent(String from, int port, int count) throws IOException {
        List<Socket> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Socket s = RawClient.socketFrom(from, port);
            s.setSoTimeout(1);
            open.add(s);
            out.add(s);
        }
        return out;
    }

    /** Whether the server closed the connection (a read sees the end); false while it is open and quiet. */
    private static boolean closedByServer(Socket s) {
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static long closed(List<Socket> sockets) {
        return sockets.stream().filter(ConnectionLimitsTest::closedByServer).count();
    }

    private RawClient login(TestServer s, String from, String user) throws IOException {
        RawClient c = RawClient.plainFrom(s, from, s.startTlsPort());
        open.add(c);
        c.authenticate("acme.test", user, user);
        return c;
    }

    @Test
    void connectionsOverTheCapPerAddressAreClosedAtOnceWithOneLogLineAndOthersStillLogIn() throws Exception {
        try (LogLines log = new LogLines(ConnectionAdmission.class)) {
            TestServer s = server(new ConnectionLimitsConfig(20, 1_000, 0));
            List<Socket> flood = silent("127.0.0.2", s.startTlsPort(), 30);
            Await.until("the 10 over the cap closed", () -> closed(flood) == 10);
            assertEquals(20, s.server().admission().unauthenticated());

            login(s, "127.0.0.3", "alice");
            assertEquals(20, s.server().admission().unauthenticated(), "alice authenticated: she no longer counts");
            assertEquals(21, s.server().admission().total());
            assertEquals(10, closed(flood), "the first 20 stay until their authentication timeout");

            List<String> warnings = log.matching(l -> l.startsWith("WARN"));
            assertEquals(1, warnings.size(), "one line for the burst, not one per connection: " + warnings);
            assertTrue(warnings.get(0).contains("over limits.connections.max-unauthenticated-per-ip")
                    && warnings.get(0).contains("127.0.0.2"), warnings.get(0));
        }
    }

    @Test
    void anAuthenticatedConnectionFreesItsPlaceForItsAddress() throws Exception {
        TestServer s = server(new ConnectionLimitsConfig(3, 1_000, 0));
        for (String user : new String[] {"alice", "bob", "erin"}) {
            login(s, "127.0.0.4", user);
        }
        List<Socket> more = silent("127.0.0.4", s.startTlsPort(), 4);
        Await.until("the fourth unauthenticated one closed", () -> closed(more) == 1);
        assertTrue(closedByServer(more.get(3)), "the last one is the one refused");
        assertEquals(3, s.server().admission().unauthenticated());
        assertEquals(6, s.server().admission().total());
    }

    @Test
    void allAddressesTogetherHaveACapOnUnauthenticatedConnections() throws Exception {
        TestServer s = server(new ConnectionLimitsConfig(8, 10, 0));
        List<Socket> first = silent("127.0.0.5", s.startTlsPort(), 8);
        List<Socket> second = silent("127.0.0.6", s.startTlsPort(), 4);
        Await.until("2 of the second address's closed", () -> closed(second) == 2);
        assertEquals(0, closed(first));

        first.get(0).close();
        first.get(1).close();
        Await.until("the places given back", () -> s.server().admission().unauthenticated() == 8);
        login(s, "127.0.0.6", "alice");
    }

    @Test
    void theTotalCapCountsAuthenticatedConnectionsToo() throws Exception {
        TestServer s = server(new ConnectionLimitsConfig(100, 100, 5));
        login(s, "127.0.0.7", "alice");
        login(s, "127.0.0.7", "bob");
        List<Socket> silent = silent("127.0.0.8", s.startTlsPort(), 4);
        Await.until("one over the total closed", () -> closed(silent) == 1);
        assertEquals(5, s.server().admission().total());
        assertEquals(5, s.server().admission().maxTotal());
    }

    @Test
    void theServerListenerHasTheSameCaps() throws Exception {
        S2sConfig s2s = new S2sConfig(true, null, 2, 120, Map.of(), null, S2sConfig.DIALBACK_ALLOWED, null, null,
                "a-test-dialback-secret", null);
        TestServer s = TestServer.start(c -> c.withListeners(List.of(new ListenerConfig("c2s", "starttls", "127.0.0.1", 0),
                        new ListenerConfig("s2s", "starttls", "127.0.0.1", 0))).withS2s(s2s)
                .withLimits(c.limits().withConnections(new ConnectionLimitsConfig(5, 1_000, 0))));
        open.add(s);
        List<Socket> servers = silent("127.0.0.9", s.server().s2sPort(), 5);
        Await.until("the servers' connections counted", () -> s.server().admission().unauthenticated() == 5);
        List<Socket> client = silent("127.0.0.9", s.startTlsPort(), 1);
        Await.until("a sixth from the address closed, though it is a client", () -> closed(client) == 1);
        List<Socket> sixthServer = silent("127.0.0.9", s.server().s2sPort(), 1);
        Await.until("and so is a sixth server", () -> closed(sixthServer) == 1);
        assertEquals(0, closed(servers));
    }

    @Test
    void withoutAConfiguredTotalTheOpenFileLimitSetsIt() throws Exception {
        TestServer s = server(new ConnectionLimitsConfig(null, null, null));
        long limit = OpenFileLimit.read().orElseThrow();
        assertTrue(s.server().admission().maxTotal() < limit, s.server().admission().maxTotal() + " of " + limit);
        assertEquals(OpenFileLimit.connectionsUnder(limit), s.server().admission().maxTotal());
    }
}
