package net.bluemind.xmpp.server.memory;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The bytes one owner (a client session) holds in the server's queues: stanzas waiting to be written to
 * it, and those written but not acknowledged yet (XEP-0198), which must stay until they are. Bounded by
 * its own limit, and taken from the server-wide {@link MemoryBudget}, which may shed this owner when the
 * server as a whole is short.
 */
public final class HeldBytes implements MemoryBudget.Holder {

    /** For connections that hold nothing worth counting yet (before resource binding), and tests. */
    public static final HeldBytes UNBOUNDED = new HeldBytes(null, Long.MAX_VALUE, why -> { });

    private final MemoryBudget budget;
    private final long limit;
    private final Consumer<String> shed;
    private final AtomicLong held = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param budget the server-wide budget (null: none)
     * @param limit  what this owner may hold
     * @param shed   ends the owner when the server-wide budget sheds it
     */
    public HeldBytes(MemoryBudget budget, long limit, Consumer<String> shed) {
        this.budget = budget;
        this.limit = limit;
        this.shed = shed;
        if (budget != null) {
            budget.register(this);
        }
    }

    /**
     * Counts {@code bytes} more; false, counting nothing, when that would take the owner past its limit
     * (the caller cuts it: it does not read what it is sent).
     */
    public boolean add(long bytes) {
        if (closed) {
            return true; // the owner is ending: what it is handed now goes elsewhere with the rest
        }
        while (true) {
            long now = held.get();
            if (now + bytes > limit && now > 0) {
                return false; // a single stanza larger than the limit still goes to an owner that holds nothing
            }
            if (held.compareAndSet(now, now + bytes)) {
                break;
            }
        }
        if (budget != null) {
            budget.reserve(bytes);
        }
        return true;
    }

    public void remove(long bytes) {
        if (closed) {
            return;
        }
        long taken;
        while (true) {
            long now = held.get();
            // Never below zero: a stanza queued before the session was counted is written after.
            taken = Math.min(now, bytes);
            if (held.compareAndSet(now, now - taken)) {
                break;
            }
        }
        if (budget != null) {
            budget.release(taken);
        }
    }

    @Override
    public long heldBytes() {
        return held.get();
    }

    public long limit() {
        return limit;
    }

    @Override
    public void shed(String why) {
        shed.accept(why);
    }

    /** The owner is gone: what it still held goes back to the budget. */
    public void close() {
        closed = true;
        long rest = held.getAndSet(0);
        if (budget != null) {
            budget.unregister(this);
            budget.release(rest);
        }
    }
}
