package net.bluemind.xmpp.server.s2s;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import net.bluemind.xmpp.server.memory.MemoryBudget;
import net.bluemind.xmpp.xml.Element;

/**
 * The one outgoing stream of a (local domain, remote domain) pair, from the first stanza on: stanzas
 * wait here while it is resolved, connected and authenticated, then its stream writes them in order.
 * Any thread sends; the stream drains on its event loop.
 */
final class OutboundLink {

    enum State { CONNECTING, READY, CLOSED }

    final String local;
    final String remote;
    private final int maxQueued;
    private final long maxBytes;
    private final Queue<Element> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    /** The server-wide memory budget the queue counts in (null: none). */
    private final MemoryBudget budget;
    private volatile State state = State.CONNECTING;
    private volatile S2sOutboundStream stream;

    OutboundLink(String local, String remote, int maxQueued, long maxBytes, MemoryBudget budget) {
        this.local = local;
        this.remote = remote;
        this.maxQueued = maxQueued;
        this.maxBytes = maxBytes;
        this.budget = budget;
    }

    State state() {
        return state;
    }

    /** The authenticated stream, or null. */
    S2sOutboundStream stream() {
        return stream;
    }

    /** Queues the stanza; false when the link is closed or full, in stanzas or bytes (the caller bounces it). */
    boolean offer(Element stanza) {
        if (state == State.CLOSED || size.incrementAndGet() > maxQueued) {
            if (state != State.CLOSED) {
                size.decrementAndGet();
            }
            return false;
        }
        int weight = stanza.footprint();
        if (bytes.addAndGet(weight) > maxBytes && size.get() > 1) {
            bytes.addAndGet(-weight);
            size.decrementAndGet();
            return false;
        }
        if (budget != null) {
            budget.count(weight);
        }
        pending.offer(stanza);
        if (state == State.CLOSED) {
            // Closed meanwhile: if close() did not take it, it is the caller's to bounce.
            if (pending.remove(stanza)) {
                forget(stanza);
                return false;
            }
            return true;
        }
        S2sOutboundStream s = stream;
        if (s != null) {
            s.scheduleDrain();
        }
        return true;
    }

    /** The next stanza to write, or null. */
    Element poll() {
        Element e = pending.poll();
        if (e != null) {
            forget(e);
        }
        return e;
    }

    private void forget(Element e) {
        size.decrementAndGet();
        int weight = e.footprint();
        bytes.addAndGet(-weight);
        if (budget != null) {
            budget.release(weight);
        }
    }

    /** The stream is authenticated; false when the link was given up meanwhile (timeout). */
    synchronized boolean ready(S2sOutboundStream s) {
        if (state == State.CLOSED) {
            return false;
        }
        stream = s;
        state = State.READY;
        s.scheduleDrain();
        return true;
    }

    /** Closes the link and takes what was never written. */
    synchronized List<Element> close() {
        state = State.CLOSED;
        stream = null;
        List<Element> out = new ArrayList<>();
        Element e;
        while ((e = poll()) != null) {
            out.add(e);
        }
        return out;
    }

    @Override
    public String toString() {
        return local + " -> " + remote;
    }
}
