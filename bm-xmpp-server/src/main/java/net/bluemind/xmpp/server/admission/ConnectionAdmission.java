package net.bluemind.xmpp.server.admission;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.EventExecutor;
import net.bluemind.xmpp.server.config.ConnectionLimitsConfig;

/**
 * Which accepted connections may stay ({@code limits.connections}), for every listener of the server: caps
 * on connections not yet authenticated, per address and in all, counted from accept until authentication
 * succeeds (SASL for clients, SASL EXTERNAL or dialback for servers), and a cap on all connections below
 * the open-file limit. Without them, silent connections from two addresses took every descriptor and
 * nobody could log in until they timed out.
 *
 * <p>A connection over a cap is closed right after accept, before anything is read from it; refusals are
 * counted and logged once per period ({@link AdmissionLog}).
 */
public final class ConnectionAdmission {

    private static final Logger log = LoggerFactory.getLogger(ConnectionAdmission.class);
    private static final AttributeKey<Ticket> TICKET = AttributeKey.valueOf(ConnectionAdmission.class, "ticket");
    static final long LOG_PERIOD_SECONDS = 10;

    private final int maxTotal;
    private final int maxUnauthenticated;
    private final int maxUnauthenticatedPerIp;
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicInteger unauthenticated = new AtomicInteger();
    private final Map<String, Integer> unauthenticatedByAddress = new ConcurrentHashMap<>();
    private final AdmissionLog refusals = new AdmissionLog(LOG_PERIOD_SECONDS);

    /**
     * @param openFiles the process's open-file limit, when known: the total cap when the configuration
     *                  leaves it at 0, and what an explicit one is checked against
     */
    public ConnectionAdmission(ConnectionLimitsConfig config, OptionalLong openFiles) {
        this.maxUnauthenticated = config.maxUnauthenticated();
        this.maxUnauthenticatedPerIp = config.maxUnauthenticatedPerIp();
        if (config.maxTotal() > 0) {
            this.maxTotal = config.maxTotal();
            if (openFiles.isPresent() && config.maxTotal() > OpenFileLimit.connectionsUnder(openFiles.getAsLong())) {
                log.warn("limits.connections.max-total {} leaves too few of the {} open files the process may have: "
                        + "accepting may fail with 'Too many open files' first", config.maxTotal(), openFiles.getAsLong());
            }
        } else if (openFiles.isPresent()) {
            this.maxTotal = OpenFileLimit.connectionsUnder(openFiles.getAsLong());
        } else {
            this.maxTotal = Integer.MAX_VALUE;
        }
        log.info("connection limits: {} in all{}, {} unauthenticated, {} unauthenticated per address", describe(maxTotal),
                config.maxTotal() > 0 || openFiles.isEmpty() ? "" : " (open-file limit " + openFiles.getAsLong() + ", the rest kept for"
                        + " files, databases and servers)", maxUnauthenticated, maxUnauthenticatedPerIp);
    }

    private static String describe(int max) {
        return max == Integer.MAX_VALUE ? "no cap (open-file limit unknown)" : Integer.toString(max);
    }

    /**
     * Takes an accepted connection in, or refuses it (null): the caller then closes it unread. Logs
     * refusals once per period on {@code executor}.
     */
    Ticket admit(SocketAddress remote, EventExecutor executor) {
        String address = addressKey(remote);
        Refusal refusal = reserve(address);
        if (refusal != null) {
            refusals.refused(refusal, address, this, executor);
            return null;
        }
        return new Ticket(address);
    }

    private Refusal reserve(String address) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return Refusal.TOTAL;
        }
        if (unauthenticated.incrementAndGet() > maxUnauthenticated) {
            unauthenticated.decrementAndGet();
            total.decrementAndGet();
            return Refusal.UNAUTHENTICATED;
        }
        boolean[] taken = new boolean[1];
        unauthenticatedByAddress.compute(address, (k, n) -> {
            int count = n == null ? 0 : n;
            if (count >= maxUnauthenticatedPerIp) {
                return n;
            }
            taken[0] = true;
            return count + 1;
        });
        if (!taken[0]) {
            unauthenticated.decrementAndGet();
            total.decrementAndGet();
            return Refusal.UNAUTHENTICATED_PER_IP;
        }
        return null;
    }

    void acceptFailed(Throwable cause, EventExecutor executor) {
        refusals.acceptFailed(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), this, executor);
    }

    /** Remembers the connection's ticket, given back when it closes. */
    static void attach(Channel channel, Ticket ticket) {
        channel.attr(TICKET).set(ticket);
        channel.closeFuture().addListener(f -> ticket.release());
    }

    /**
     * The connection authenticated: it no longer counts against the caps on unauthenticated connections.
     * Any thread; a channel that came through no {@link AdmissionHandler}, or said so before, is left alone.
     */
    public static void authenticated(Channel channel) {
        Ticket t = channel.attr(TICKET).get();
        if (t != null) {
            t.authenticated();
        }
    }

    /** Connections open now. */
    public int total() {
        return total.get();
    }

    /** Connections open now that have not authenticated. */
    public int unauthenticated() {
        return unauthenticated.get();
    }

    /** The total cap in force (derived from the open-file limit unless configured). */
    public int maxTotal() {
        return maxTotal;
    }

    /**
     * Whom a connection is counted against: its IP address, or for IPv6 its /64, which one subscriber
     * usually holds whole (counting single IPv6 addresses would let one host take millions of them).
     */
    static String addressKey(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress isa) || isa.getAddress() == null) {
            return String.valueOf(remote);
        }
        InetAddress a = isa.getAddress();
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                sb.append(Integer.toHexString((b[i] & 0xff) << 8 | b[i + 1] & 0xff)).append(':');
            }
            return sb.append(":/64").toString();
        }
        return a.getHostAddress();
    }

    /** One admitted connection's place in the counts; each transition happens once, from any thread. */
    final class Ticket {
        private static final int UNAUTHENTICATED = 0;
        private static final int AUTHENTICATED = 1;
        private static final int RELEASED = 2;

        private final String address;
        private final AtomicInteger state = new AtomicInteger(UNAUTHENTICATED);

        private Ticket(String address) {
            this.address = address;
        }

        void authenticated() {
            if (state.compareAndSet(UNAUTHENTICATED, AUTHENTICATED)) {
                leaveUnauthenticated();
            }
        }

        void release() {
            int before = state.getAndSet(RELEASED);
            if (before == UNAUTHENTICATED) {
                leaveUnauthenticated();
            }
            if (before != RELEASED) {
                total.decrementAndGet();
            }
        }

        private void leaveUnauthenticated() {
            unauthenticated.decrementAndGet();
            unauthenticatedByAddress.computeIfPresent(address, (k, n) -> n <= 1 ? null : n - 1);
        }
    }
}
