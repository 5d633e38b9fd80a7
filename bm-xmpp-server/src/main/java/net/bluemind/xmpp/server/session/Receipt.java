package net.bluemind.xmpp.server.session;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One stanza a client sent, until everything it caused is durable: XEP-0198 counts it as handled only
 * then, and the connection stops reading while too many of its stanzas are in that state.
 *
 * <p>A feature that starts durable work for the stanza (an offline row, a roster change, the hand-off to
 * the archive) takes a {@link #hold()} while on the stanza's own processing, keeps the receipt through any
 * asynchronous step, and calls {@link #release()} once the work is durable, or has failed and the client
 * was told. The processing itself holds the receipt until the stanza has gone through the router.
 */
public final class Receipt {

    /** For stanzas nobody counts (sent by the server itself, or by another server). */
    public static final Receipt NONE = new Receipt(null, 0);

    private static final AtomicIntegerFieldUpdater<Receipt> HOLDS = AtomicIntegerFieldUpdater.newUpdater(Receipt.class, "holds");

    /** Told when the last hold goes; null for {@link #NONE}. */
    interface Owner {
        void handled(Receipt receipt);
    }

    private final Owner owner;
    private final int bytes;
    private final long createdNanos;
    private volatile int holds = 1;

    Receipt(Owner owner, int bytes) {
        this.owner = owner;
        this.bytes = bytes;
        this.createdNanos = owner == null ? 0 : System.nanoTime();
    }

    /** One more piece of durable work for this stanza; returns this receipt, for chaining. */
    public Receipt hold() {
        if (owner != null) {
            HOLDS.incrementAndGet(this);
        }
        return this;
    }

    /** That piece of work is durable (or failed, and the client was told); from any thread. */
    public void release() {
        if (owner == null) {
            return;
        }
        int left = HOLDS.decrementAndGet(this);
        if (left == 0) {
            owner.handled(this);
        } else if (left < 0) {
            throw new IllegalStateException("a receipt was released more often than it was held");
        }
    }

    /** Whether every piece of work for the stanza is done. */
    boolean done() {
        return holds <= 0;
    }

    int bytes() {
        return bytes;
    }

    long createdNanos() {
        return createdNanos;
    }
}
