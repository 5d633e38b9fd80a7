package net.bluemind.xmpp.server.inbound;

/**
 * A token bucket: {@code burst} tokens at most, refilled at {@code perSecond}. Taking more than there is
 * leaves a debt: what was read is never refused, the reader waits until the debt is paid. One owner
 * thread (a connection's event loop); no allocation.
 */
final class TokenBucket {

    private static final long NANOS = 1_000_000_000L;

    private final double perNano;
    private final double burst;
    private double tokens;
    private long refilledAt;

    TokenBucket(long perSecond, long burst, long now) {
        this.perNano = (double) perSecond / NANOS;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = now;
    }

    /** Takes {@code n} tokens at {@code now} (nanoTime); returns how long to wait until none is owed (0: none). */
    long take(long n, long now) {
        refill(now);
        tokens -= n;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perNano);
    }

    private void refill(long now) {
        long elapsed = now - refilledAt;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * perNano);
            refilledAt = now;
        }
    }
}
