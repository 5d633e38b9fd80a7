package net.bluemind.xmpp.server.s2s;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

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
    private final Queue<Element> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private volatile State state = State.CONNECTING;
    private volatile S2sOutboundStream stream;

    OutboundLink(String local, String remote, int maxQueued) {
        this.local = local;
        this.remote = remote;
        this.maxQueued = maxQueued;
    }

    State state() {
        return state;
    }

    /** The authenticated stream, or null. */
    S2sOutboundStream stream() {
        return stream;
    }

    /** Queues the stanza; false when the link is closed or full (the caller bounces it). */
    boolean offer(Element stanza) {
        if (state == State.CLOSED || size.incrementAndGet() > maxQueued) {
            if (state != State.CLOSED) {
                size.decrementAndGet();
            }
            return false;
        }
        pending.offer(stanza);
        if (state == State.CLOSED) {
            // Closed meanwhile: if close() did not take it, it is the caller's to bounce.
            return !pending.remove(stanza);
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
            size.decrementAndGet();
        }
        return e;
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
