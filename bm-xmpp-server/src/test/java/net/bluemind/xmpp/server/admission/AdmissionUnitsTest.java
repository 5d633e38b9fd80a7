package net.bluemind.xmpp.server.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.DefaultEventExecutor;
import net.bluemind.xmpp.server.config.ConnectionLimitsConfig;
import net.bluemind.xmpp.server.testkit.Await;
import net.bluemind.xmpp.server.testkit.LogLines;

/** The pieces of connection admission on their own: the file limit, address keys, the log, accept failures. */
class AdmissionUnitsTest {

    @Test
    void readsTheSoftOpenFileLimit() {
        List<String> limits = List.of(
                "Limit                     Soft Limit           Hard Limit           Units     ",
                "Max processes             127431               127431               processes ",
                "Max open files            20000                524288               files     ");
        assertEquals(OptionalLong.of(20_000), OpenFileLimit.parse(limits));
        assertEquals(OptionalLong.empty(), OpenFileLimit.parse(List.of("Max open files            unlimited            unlimited            files")));
        assertEquals(OptionalLong.empty(), OpenFileLimit.parse(List.of()));
        assertTrue(OpenFileLimit.read().isPresent(), "Linux has /proc/self/limits");
    }

    @Test
    void keepsAReserveOfDescriptorsBelowTheLimit() {
        assertEquals(20_000 - 1_024, OpenFileLimit.connectionsUnder(20_000));
        assertEquals(65_536 - 3_276, OpenFileLimit.connectionsUnder(65_536));
        assertEquals(1_024 - 256, OpenFileLimit.connectionsUnder(1_024), "a small limit keeps a quarter, not all of it");
        assertEquals(300, OpenFileLimit.connectionsUnder(400));
        assertEquals(1, OpenFileLimit.connectionsUnder(1));
    }

    @Test
    void countsIpv6ClientsByTheirSlash64() throws Exception {
        String a = ConnectionAdmission.addressKey(new InetSocketAddress(InetAddress.getByName("2001:db8:1:2::1"), 5222));
        String b = ConnectionAdmission.addressKey(new InetSocketAddress(InetAddress.getByName("2001:db8:1:2:ffff::9"), 5222));
        String c = ConnectionAdmission.addressKey(new InetSocketAddress(InetAddress.getByName("2001:db8:1:3::1"), 5222));
        assertEquals("2001:db8:1:2::/64", a);
        assertEquals(a, b);
        assertFalse(a.equals(c));
        assertEquals("192.0.2.7", ConnectionAdmission.addressKey(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 5222)));
    }

    @Test
    void ticketsGiveTheirPlacesBackOnce() throws Exception {
        DefaultEventExecutor executor = new DefaultEventExecutor();
        try {
            ConnectionAdmission a = new ConnectionAdmission(new ConnectionLimitsConfig(2, 10, 3), OptionalLong.empty());
            InetSocketAddress from = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 1);
            ConnectionAdmission.Ticket t1 = a.admit(from, executor);
            ConnectionAdmission.Ticket t2 = a.admit(from, executor);
            assertNotNull(t1);
            assertNotNull(t2);
            assertNull(a.admit(from, executor), "a third unauthenticated one from the address");
            t1.authenticated();
            t1.authenticated();
            assertEquals(1, a.unauthenticated());
            ConnectionAdmission.Ticket t3 = a.admit(from, executor);
            assertNotNull(t3);
            assertNull(a.admit(new InetSocketAddress(InetAddress.getByName("192.0.2.2"), 1), executor), "over the total of 3");
            t1.release();
            t1.release();
            t2.release();
            assertEquals(1, a.total());
            assertEquals(1, a.unauthenticated());
        } finally {
            executor.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void logsOneLineAPeriodWithTheCounts() throws Exception {
        DefaultEventExecutor executor = new DefaultEventExecutor();
        try (LogLines log = new LogLines(ConnectionAdmission.class)) {
            ConnectionAdmission state = new ConnectionAdmission(new ConnectionLimitsConfig(1, 10, 100), OptionalLong.empty());
            AdmissionLog refusals = new AdmissionLog(1);
            for (int i = 0; i < 100; i++) {
                refusals.refused(Refusal.UNAUTHENTICATED_PER_IP, "192.0.2.1", state, executor);
            }
            refusals.refused(Refusal.TOTAL, "192.0.2.9", state, executor);
            List<String> first = log.matching(l -> l.startsWith("WARN"));
            assertEquals(1, first.size(), first.toString());
            assertTrue(first.get(0).contains("1 over limits.connections.max-unauthenticated-per-ip"), first.get(0));
            Await.until("the period's summary", () -> log.matching(l -> l.startsWith("WARN")).size() == 2);
            String summary = log.matching(l -> l.startsWith("WARN")).get(1);
            assertTrue(summary.contains("99 over limits.connections.max-unauthenticated-per-ip")
                    && summary.contains("1 over limits.connections.max-total") && summary.contains("192.0.2.9"), summary);
        } finally {
            executor.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void aFailingAcceptIsOneLineWithoutAStackTraceAndAPause() {
        ConnectionAdmission admission = new ConnectionAdmission(ConnectionLimitsConfig.defaults(), OptionalLong.of(20_000));
        EmbeddedChannel listener = new EmbeddedChannel(new AdmissionHandler(admission));
        try (LogLines log = new LogLines(ConnectionAdmission.class)) {
            for (int i = 0; i < 5; i++) {
                listener.pipeline().fireExceptionCaught(new IOException("accept(..) failed: Too many open files"));
            }
            List<String> lines = log.lines();
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("WARN") && lines.get(0).contains("accepting failed 1 time: accept(..) failed: Too many open files")
                    && !lines.get(0).endsWith(LogLines.WITH_TRACE), lines.get(0));
        }
        assertFalse(listener.config().isAutoRead(), "accepting paused");
        Await.until("accepting again after the pause", () -> {
            listener.runScheduledPendingTasks();
            return listener.config().isAutoRead();
        });
        listener.finishAndReleaseAll();
    }
}
