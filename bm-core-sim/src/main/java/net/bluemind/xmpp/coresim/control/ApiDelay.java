package net.bluemind.xmpp.coresim.control;

import java.util.concurrent.atomic.AtomicLong;

import net.bluemind.xmpp.coresim.http.HttpFront;

/**
 * A slow bm-core on demand ({@code PUT /sim/api-delay}): every {@code /api} answer waits this long, so that tests
 * see what a loaded or stalling core does to logins. The {@code /sim/} routes are never delayed.
 */
public final class ApiDelay implements HttpFront.Delay {

    private final AtomicLong millis = new AtomicLong();

    public void set(long delayMillis) {
        if (delayMillis < 0) {
            throw new IllegalArgumentException("millis must not be negative");
        }
        millis.set(delayMillis);
    }

    public long millis() {
        return millis.get();
    }

    @Override
    public long millisBefore(String method, String rawPath) {
        return rawPath.startsWith("/api/") ? millis.get() : 0;
    }
}
