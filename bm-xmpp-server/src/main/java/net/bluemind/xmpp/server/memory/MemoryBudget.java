package net.bluemind.xmpp.server.memory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heap the server lets stanzas waiting in queues take, all queues together: what clients have not
 * read or acknowledged yet, what waits for the archive, for another server or for the storage. Each queue
 * has its own limit too; this one keeps many queues, each within its limit, from adding up to more than
 * the heap.
 *
 * <p>When a reservation would go over the budget, the largest {@link Holder} (the client holding the most)
 * is shed: cut, its stanzas going to offline storage, so one slow reader pays for its backlog and
 * nobody else does. Lock-free on the way in: one counter.
 */
public final class MemoryBudget {

    /** Something that holds reserved bytes and can give them back by going away (a client connection). */
    public interface Holder {
        long heldBytes();

        /** Ends the holder because the server is short of memory; from any thread, once. */
        void shed(String why);
    }

    private static final Logger log = LoggerFactory.getLogger(MemoryBudget.class);

    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final Set<Holder> holders = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean shedding = new AtomicBoolean();
    private final AtomicLong shedCount = new AtomicLong();

    public MemoryBudget(long limitBytes) {
        if (limitBytes <= 0) {
            throw new IllegalArgumentException("a memory budget must be positive");
        }
        this.limit = limitBytes;
    }

    /** {@code fraction} of the JVM's maximum heap. */
    public static MemoryBudget ofHeap(double fraction) {
        return new MemoryBudget((long) (Runtime.getRuntime().maxMemory() * fraction));
    }

    /**
     * Takes {@code bytes} from the budget. Past the limit, the largest holder is shed first (its bytes come
     * back as it closes); the reservation is granted anyway unless it alone is larger than the budget:
     * the budget is a line the server steers back under, not a wall that would drop a stanza silently.
     *
     * @return false only when {@code bytes} alone exceed the whole budget
     */
    public boolean reserve(long bytes) {
        if (bytes > limit) {
            return false;
        }
        long now = used.addAndGet(bytes);
        if (now > limit) {
            shedLargest(now);
        }
        return true;
    }

    /** Takes {@code bytes} only if that stays within the budget; for queues that can wait (the archive). */
    public boolean tryReserve(long bytes) {
        while (true) {
            long now = used.get();
            if (now + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /**
     * Counts {@code bytes} held by a queue that keeps its own limit and sheds nobody (the archive's): they take
     * room that clients' queues then do not get.
     */
    public void count(long bytes) {
        used.addAndGet(bytes);
    }

    public void release(long bytes) {
        used.addAndGet(-bytes);
    }

    public void register(Holder h) {
        holders.add(h);
    }

    public void unregister(Holder h) {
        holders.remove(h);
    }

    private void shedLargest(long now) {
        if (!shedding.compareAndSet(false, true)) {
            return; // someone is already at it
        }
        try {
            Holder largest = null;
            long most = 0;
            for (Holder h : holders) {
                long held = h.heldBytes();
                if (held > most) {
                    most = held;
                    largest = h;
                }
            }
            if (largest == null) {
                return;
            }
            holders.remove(largest);
            shedCount.incrementAndGet();
            log.warn("memory budget exceeded ({} of {} MB held in queues): cutting the client holding the most ({} kB)",
                    now >> 20, limit >> 20, most >> 10);
            largest.shed("the server is short of memory and this client holds the most unread data");
        } finally {
            shedding.set(false);
        }
    }

    public long limit() {
        return limit;
    }

    public long used() {
        return used.get();
    }

    /** Holders shed so far. */
    public long shed() {
        return shedCount.get();
    }
}
