package net.bluemind.xmpp.server.sasl;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import net.bluemind.xmpp.server.config.AuthConfig;

/**
 * Brute-force protection: counts failed logins per remote address and per account in fixed windows
 * that start at the first failure, and blocks an address or account that reached its limit until its
 * window has passed.
 *
 * <p>Memory is bounded: expired windows are purged once per window length, and each table is capped;
 * when a flood of distinct addresses or names fills one, expired windows go first, then the oldest.
 * Losing the oldest counters under such a flood is the price of not running out of memory.
 */
public final class AuthThrottle {

    static final int DEFAULT_MAX_ENTRIES = 100_000;

    /** Failures counted since {@code start} (epoch millis). Immutable: replaced whole under compute(). */
    private record Window(long start, int failures) {
    }

    private final int maxFailuresPerIp;
    private final int maxFailuresPerAccount;
    private final long windowMillis;
    private final Clock clock;
    private final int maxEntries;
    private final Map<String, Window> byIp = new ConcurrentHashMap<>();
    private final Map<String, Window> byAccount = new ConcurrentHashMap<>();
    private final AtomicLong nextPurge;

    /**
     * A limit of zero or less disables that kind of blocking; a window of zero or less disables the throttle.
     */
    public AuthThrottle(AuthConfig.ThrottleConfig config, Clock clock) {
        this(config, clock, DEFAULT_MAX_ENTRIES);
    }

    AuthThrottle(AuthConfig.ThrottleConfig config, Clock clock, int maxEntries) {
        Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxFailuresPerIp = config.maxFailuresPerIp();
        this.maxFailuresPerAccount = config.maxFailuresPerAccount();
        this.windowMillis = config.windowSeconds() * 1000L;
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
        this.nextPurge = new AtomicLong(clock.millis() + Math.max(windowMillis, 0));
    }

    /** Whether a login attempt from {@code ip} for {@code account} (nullable when not yet known) must be refused. */
    public boolean isBlocked(String ip, String account) {
        if (windowMillis <= 0) {
            return false;
        }
        long now = clock.millis();
        return reached(byIp, ip, maxFailuresPerIp, now) || reached(byAccount, accountKey(account), maxFailuresPerAccount, now);
    }

    public void recordFailure(String ip, String account) {
        if (windowMillis <= 0) {
            return;
        }
        long now = clock.millis();
        purgeIfDue(now);
        if (ip != null && maxFailuresPerIp > 0) {
            count(byIp, ip, now);
        }
        String key = accountKey(account);
        if (key != null && maxFailuresPerAccount > 0) {
            count(byAccount, key, now);
        }
    }

    /**
     * Forgets the account's failures: its owner knows the password. The address keeps its count, since one
     * address may be trying many accounts and own one of them.
     */
    public void recordSuccess(String ip, String account) {
        String key = accountKey(account);
        if (key != null) {
            byAccount.remove(key);
        }
    }

    /** How many addresses and accounts are tracked, for tests and metrics. */
    int trackedEntries() {
        return byIp.size() + byAccount.size();
    }

    private static String accountKey(String account) {
        return account == null ? null : account.toLowerCase(Locale.ROOT);
    }

    private boolean reached(Map<String, Window> table, String key, int limit, long now) {
        if (key == null || limit <= 0) {
            return false;
        }
        Window w = table.get(key);
        return w != null && !expired(w, now) && w.failures() >= limit;
    }

    private boolean expired(Window w, long now) {
        return now - w.start() >= windowMillis;
    }

    private void count(Map<String, Window> table, String key, long now) {
        table.compute(key, (k, w) -> w == null || expired(w, now) ? new Window(now, 1) : new Window(w.start(), w.failures() + 1));
        if (table.size() > maxEntries) {
            trim(table, now);
        }
    }

    /** Once per window length, drops the expired windows of both tables; only one caller does the sweep. */
    private void purgeIfDue(long now) {
        long due = nextPurge.get();
        if (now >= due && nextPurge.compareAndSet(due, now + windowMillis)) {
            purgeExpired(byIp, now);
            purgeExpired(byAccount, now);
        }
    }

    private void purgeExpired(Map<String, Window> table, long now) {
        table.entrySet().removeIf(e -> expired(e.getValue(), now));
    }

    /**
     * Brings an overfull table back to 90% of the cap, so that the sweep is paid once per many insertions
     * rather than at each one. Synchronized per table so concurrent callers do not sort it twice.
     */
    private void trim(Map<String, Window> table, long now) {
        synchronized (table) {
            if (table.size() <= maxEntries) {
                return;
            }
            purgeExpired(table, now);
            int target = Math.max(1, maxEntries - maxEntries / 10);
            int excess = table.size() - target;
            if (excess <= 0) {
                return;
            }
            List<Map.Entry<String, Window>> entries = new ArrayList<>(table.entrySet());
            entries.sort(Comparator.comparingLong(e -> e.getValue().start()));
            for (int i = 0; i < excess && i < entries.size(); i++) {
                Map.Entry<String, Window> e = entries.get(i);
                table.remove(e.getKey(), e.getValue());
            }
        }
    }
}
