package net.bluemind.xmpp.server.logging;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When a repeated log line may be written: the first at once, then at most one per period, whichever thread
 * asks. Under a flood (refused connections, a congested or lost archive), a line per event would drown the log
 * and cost more than the events: the callers count what happened between lines and write the count.
 */
public final class LinePeriod {

    private final long periodNanos;
    private final AtomicLong nextAt = new AtomicLong(Long.MIN_VALUE);

    public LinePeriod(long period, TimeUnit unit) {
        this.periodNanos = unit.toNanos(period);
    }

    /** True when a line may be written now; the next one may then come a period later. */
    public boolean take() {
        long now = System.nanoTime();
        long due = nextAt.get();
        return (due == Long.MIN_VALUE || now - due >= 0) && nextAt.compareAndSet(due, now + periodNanos);
    }

    /** A line is written now whatever the period (a summary, a last line at the stop): the next one a period later. */
    public void restart() {
        nextAt.set(System.nanoTime() + periodNanos);
    }

    /** How long until a line may come again (0 when it may now). */
    public long nanosLeft() {
        long due = nextAt.get();
        return due == Long.MIN_VALUE ? 0 : Math.max(0, due - System.nanoTime());
    }
}
