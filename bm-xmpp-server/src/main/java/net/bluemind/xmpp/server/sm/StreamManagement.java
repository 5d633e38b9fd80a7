package net.bluemind.xmpp.server.sm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import net.bluemind.xmpp.server.hooks.StanzaHooks;
import net.bluemind.xmpp.server.memory.HeldBytes;
import net.bluemind.xmpp.server.session.InboundReceipts;
import net.bluemind.xmpp.xml.Element;

/**
 * XEP-0198 state of one client session, which outlives a connection when resumption is on: the count
 * of stanzas handled from the client (their effects durable: {@link InboundReceipts}), and the stanzas
 * sent to it that it has not acknowledged yet (kept to be sent again after a resumption, or stored
 * offline when the session ends), counted in the session's {@link HeldBytes}.
 *
 * <p>Counters are 32-bit unsigned and wrap (XEP-0198 §5); they are kept in longs and compared modulo 2^32.
 */
public final class StreamManagement {

    public static final String NS = "urn:xmpp:sm:3";

    /** Offers XEP-0198 stream management to authenticated clients. */
    public static void announce(StanzaHooks hooks) {
        hooks.addStreamFeature(Element.empty("sm", NS));
    }
    private static final long MOD = 1L << 32;

    private final String id;
    private final boolean resumable;
    private final int maxSeconds;
    private final InboundReceipts receipts;
    /** Stanzas the receipts had counted before stream management was enabled: h counts from there. */
    private final long base;
    private final HeldBytes account;
    private long acknowledged;
    private final ArrayDeque<Element> unacked = new ArrayDeque<>();
    private ScheduledFuture<?> expiry;
    private boolean finished;
    /** The connection stanzas go to while one is attached; null while waiting for a resumption. */
    private net.bluemind.xmpp.server.session.StanzaSink live;

    /**
     * @param receipts the client's stanzas and how many are handled (counted from now on)
     * @param account  the session's bytes, where the unacknowledged stanzas stay counted
     */
    public StreamManagement(String id, boolean resumable, int maxSeconds, InboundReceipts receipts, HeldBytes account) {
        this.id = id;
        this.resumable = resumable;
        this.maxSeconds = maxSeconds;
        this.receipts = receipts;
        this.base = receipts.received();
        this.account = account;
    }

    public InboundReceipts receipts() {
        return receipts;
    }

    public String id() {
        return id;
    }

    public boolean resumable() {
        return resumable;
    }

    public int maxSeconds() {
        return maxSeconds;
    }

    /** The value of 'h' the server reports: stanzas handled since enable, modulo 2^32. */
    public long handled() {
        return toH(receipts.handled());
    }

    /** {@code h} for a count of handled stanzas (as {@link InboundReceipts} counts them). */
    public long toH(long handledTotal) {
        // Stanzas from before enable may still be in flight: none after it is handled until they are.
        return Math.max(0, handledTotal - base) % MOD;
    }

    /** Whether every stanza received so far is handled (the h the client gets is final). */
    public boolean allHandled() {
        return receipts.allHandled();
    }

    /** A stanza was written to the client. */
    public synchronized void stanzaSent(Element stanza) {
        unacked.addLast(stanza);
    }

    /**
     * A stanza for a session without a connection: kept as unacknowledged, to be sent on resumption —
     * unless a resumption attached a connection meanwhile, which then takes it. False when the session's
     * bytes passed its limit: the stanza is kept all the same, and the caller ends the session at once, which
     * sends every kept stanza elsewhere.
     */
    public synchronized boolean deliverDetached(Element stanza) {
        if (live != null) {
            live.deliver(stanza);
            return true;
        }
        boolean fits = account.add(stanza.footprint());
        unacked.addLast(stanza);
        return fits;
    }

    /** The connection is gone: what it had queued but not written joins the unacknowledged stanzas. */
    public synchronized void detach(List<Element> unwritten) {
        live = null;
        unacked.addAll(unwritten);
    }

    /**
     * A resumed stream takes the session: the unacknowledged stanzas are handed to {@code resend} in
     * order (they become unacknowledged again as they are written), and later deliveries go to {@code sink}.
     */
    public synchronized void attach(net.bluemind.xmpp.server.session.StanzaSink sink, java.util.function.Consumer<Element> resend) {
        List<Element> again = new ArrayList<>(unacked);
        unacked.clear();
        for (Element e : again) {
            account.remove(e.footprint()); // counted again as the new connection queues it
        }
        for (Element e : again) {
            resend.accept(e);
        }
        live = sink;
    }

    public synchronized int unackedCount() {
        return unacked.size();
    }

    /**
     * The client acknowledged {@code h} stanzas in all: those are forgotten. Returns false when it
     * acknowledges more than it was sent (a protocol error the caller ends the stream for).
     */
    public synchronized boolean acknowledge(long h) {
        long delta = ((h % MOD) - acknowledged + MOD) % MOD;
        if (delta > unacked.size()) {
            return false;
        }
        for (long i = 0; i < delta; i++) {
            account.remove(unacked.removeFirst().footprint());
        }
        acknowledged = h % MOD;
        return true;
    }

    /** The stanzas still unacknowledged, in order (they stay unacknowledged: a resumed stream sends them again). */
    public synchronized List<Element> pending() {
        return new ArrayList<>(unacked);
    }

    /** Takes the unacknowledged stanzas for good (the session is over: they go elsewhere; the caller closes the account). */
    public synchronized List<Element> takeAll() {
        List<Element> out = new ArrayList<>(unacked);
        unacked.clear();
        finished = true;
        return out;
    }

    public synchronized boolean finished() {
        return finished;
    }

    public synchronized void setExpiry(ScheduledFuture<?> f) {
        expiry = f;
    }

    /** Cancels the wait for a resumption; true when the session was still waiting (not yet expired). */
    public synchronized boolean cancelExpiry() {
        if (expiry == null) {
            return !finished;
        }
        boolean cancelled = expiry.cancel(false);
        expiry = null;
        return cancelled && !finished;
    }

    public static Element enabled(String id, boolean resume, int max) {
        Element.Builder b = Element.builder("enabled", NS);
        if (resume) {
            b.attribute("id", id).attribute("resume", "true").attribute("max", Integer.toString(max));
        }
        return b.build();
    }

    public static Element failed(String condition) {
        return Element.builder("failed", NS).child(Element.empty(condition, "urn:ietf:params:xml:ns:xmpp-stanzas")).build();
    }
}
