package net.bluemind.xmpp.server.session;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stanzas one client sent, in order, and how many of them are handled: everything they caused is
 * durable ({@link Receipt}). The handled count only moves over a contiguous run from the oldest, so it is
 * what XEP-0198 may report as {@code h}. It outlives a connection when the session waits for a resumption.
 *
 * <p>It is also the connection's flow control: while the stanzas not yet handled hold more than their
 * budget, the connection is paused (it stops reading), so a client writing faster than the storage takes
 * its messages is slowed down instead of filling the heap.
 *
 * <p>Thread-safe: stanzas arrive on the connection's thread, their work completes on storage and archive
 * threads. The listener is told of pauses and resumes under the lock, so it sees them in the order they were decided
 * (it must not block), and of the handled count outside it.
 */
public final class InboundReceipts implements Receipt.Owner {

    /** What the connection does about the counts. */
    public interface Listener {
        /** Stop (true) or resume (false) reading from the client. */
        void pause(boolean paused);

        /** More stanzas are handled than when it was last told; {@code handled} is the total so far. */
        void handled(long handled);
    }

    private static final Logger log = LoggerFactory.getLogger(InboundReceipts.class);
    /** Work no storage takes this long for: a receipt still held after it is a bug, counted as handled so the stream goes on. */
    static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(120);

    private final String owner;
    private final long maxPendingBytes;
    private final int maxPending;
    private final ArrayDeque<Receipt> pending = new ArrayDeque<>();
    private long received;
    private long handled;
    private long pendingBytes;
    private boolean paused;
    private volatile Listener listener;

    /**
     * @param owner           who sent the stanzas, for logs
     * @param maxPendingBytes past this many bytes of stanzas not yet handled, reading pauses
     * @param maxPending      past this many stanzas not yet handled, reading pauses
     */
    public InboundReceipts(String owner, long maxPendingBytes, int maxPending) {
        this.owner = owner;
        this.maxPendingBytes = maxPendingBytes;
        this.maxPending = maxPending;
    }

    /** Who is told of pauses and of the handled count (a resumed stream takes over). */
    public void listen(Listener l) {
        this.listener = l;
    }

    /** A stanza arrived; its processing holds the receipt until it calls {@link Receipt#release()}. */
    public Receipt receive(int bytes) {
        Receipt r = new Receipt(this, bytes);
        synchronized (this) {
            received++;
            pending.addLast(r);
            pendingBytes += bytes;
            if (!paused && overBudget()) {
                paused = true;
                // Under the lock: a resume decided on another thread must not overtake this pause (the gate would end
                // closed with nothing left to open it).
                notifyPause(true);
            }
        }
        return r;
    }

    @Override
    public void handled(Receipt done) {
        long total;
        synchronized (this) {
            long before = handled;
            sweep();
            if (handled == before) {
                return;
            }
            total = handled;
            if (paused && underHalfBudget()) {
                paused = false;
                notifyPause(false); // under the lock, in order with the pauses
            }
        }
        Listener l = listener;
        if (l != null) {
            l.handled(total);
        }
    }

    /** Takes the oldest run of handled receipts off the queue; under the lock. */
    private void sweep() {
        Receipt head;
        while ((head = pending.peekFirst()) != null && head.done()) {
            pending.removeFirst();
            handled++;
            pendingBytes -= head.bytes();
        }
    }

    /**
     * Counts as handled the oldest receipts still held after {@link #STALE_NANOS}: no storage takes that long,
     * so one of them was forgotten (a bug, logged at ERROR). Without this the stream would never be acknowledged
     * again, and a paused connection never read again. Call it now and then while stanzas are pending.
     */
    public void expireStale() {
        int expired = 0;
        long total;
        synchronized (this) {
            long now = System.nanoTime();
            Receipt head;
            while ((head = pending.peekFirst()) != null && (head.done() || now - head.createdNanos() > STALE_NANOS)) {
                if (!head.done()) {
                    expired++;
                }
                pending.removeFirst();
                handled++;
                pendingBytes -= head.bytes();
            }
            if (expired == 0) {
                return;
            }
            total = handled;
            if (paused && underHalfBudget()) {
                paused = false;
                notifyPause(false);
            }
        }
        log.error("{}: {} stanza(s) still not handled after {} s are counted as handled; what they caused may not be stored",
                owner, expired, TimeUnit.NANOSECONDS.toSeconds(STALE_NANOS));
        Listener l = listener;
        if (l != null) {
            l.handled(total);
        }
    }

    private boolean overBudget() {
        return pendingBytes > maxPendingBytes || pending.size() > maxPending;
    }

    private boolean underHalfBudget() {
        return pendingBytes <= maxPendingBytes / 2 && pending.size() <= maxPending / 2;
    }

    private void notifyPause(boolean p) {
        Listener l = listener;
        if (l != null) {
            l.pause(p);
        }
    }

    /** Stanzas received so far. */
    public synchronized long received() {
        return received;
    }

    /** Stanzas handled so far: a prefix of those received. */
    public synchronized long handled() {
        return handled;
    }

    /** Whether every stanza received is handled. */
    public synchronized boolean allHandled() {
        return pending.isEmpty();
    }

    /** Whether reading is paused for this budget now. */
    public synchronized boolean paused() {
        return paused;
    }

    /** Stanzas received but not handled yet. */
    public synchronized int pendingCount() {
        return pending.size();
    }
}
