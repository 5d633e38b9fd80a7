package net.bluemind.xmpp.server.sasl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.server.config.AuthConfig;

class AuthThrottleTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

        void advance(Duration d) {
            millis.addAndGet(d.toMillis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public long millis() {
            return millis.get();
        }
    }

    private final ManualClock clock = new ManualClock();
    private final AuthThrottle throttle = new AuthThrottle(new AuthConfig.ThrottleConfig(5, 3, 60), clock);

    @Test
    void blocksAnAddressAfterItsLimitOfFailuresWhateverTheAccounts() {
        for (int i = 0; i < 4; i++) {
            throttle.recordFailure("198.51.100.7", "user" + i);
        }
        assertFalse(throttle.isBlocked("198.51.100.7", null));
        throttle.recordFailure("198.51.100.7", "user4");
        assertTrue(throttle.isBlocked("198.51.100.7", null));
        assertTrue(throttle.isBlocked("198.51.100.7", "someone-else"));
        assertFalse(throttle.isBlocked("198.51.100.8", "user0"));
    }

    @Test
    void blocksAnAccountAfterItsLimitWhateverTheAddressesAndCase() {
        throttle.recordFailure("198.51.100.1", "Alice");
        throttle.recordFailure("198.51.100.2", "alice");
        assertFalse(throttle.isBlocked("198.51.100.9", "alice"));
        throttle.recordFailure("198.51.100.3", "ALICE");
        assertTrue(throttle.isBlocked("198.51.100.9", "alice"));
        assertTrue(throttle.isBlocked("198.51.100.9", "Alice"));
        assertFalse(throttle.isBlocked("198.51.100.9", "bob"));
        assertFalse(throttle.isBlocked("198.51.100.9", null));
    }

    @Test
    void unblocksOnceTheWindowHasPassed() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("198.51.100.7", "alice");
        }
        clock.advance(Duration.ofSeconds(59));
        assertTrue(throttle.isBlocked("198.51.100.7", "alice"));
        clock.advance(Duration.ofSeconds(1));
        assertFalse(throttle.isBlocked("198.51.100.7", "alice"));

        // A new window starts from scratch.
        throttle.recordFailure("198.51.100.7", "alice");
        assertFalse(throttle.isBlocked("198.51.100.7", "alice"));
    }

    @Test
    void successClearsTheAccountButNotTheAddress() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("198.51.100.7", "alice");
        }
        throttle.recordSuccess("198.51.100.7", "ALICE");
        assertFalse(throttle.isBlocked("198.51.100.8", "alice"));
        assertTrue(throttle.isBlocked("198.51.100.7", "alice"));
    }

    @Test
    void acceptsFailuresBeforeTheAccountIsKnown() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("198.51.100.7", null);
        }
        assertTrue(throttle.isBlocked("198.51.100.7", null));
        throttle.recordSuccess("198.51.100.7", null);
        assertTrue(throttle.isBlocked("198.51.100.7", null));
    }

    @Test
    void keepsMemoryBoundedUnderAFloodOfAddresses() {
        AuthThrottle small = new AuthThrottle(new AuthConfig.ThrottleConfig(5, 3, 60), clock, 100);
        for (int i = 0; i < 10_000; i++) {
            small.recordFailure("10.0." + (i / 256) + "." + (i % 256), "user" + i);
            assertTrue(small.trackedEntries() <= 200);
        }
        // The newest counters survive the trimming.
        for (int i = 0; i < 4; i++) {
            small.recordFailure("10.0.39.15", "x");
        }
        assertTrue(small.isBlocked("10.0.39.15", null));
    }

    @Test
    void purgesExpiredCountersOnceTheWindowHasPassed() {
        for (int i = 0; i < 1000; i++) {
            throttle.recordFailure("203.0.113." + (i % 250), "user" + i);
        }
        clock.advance(Duration.ofSeconds(61));
        throttle.recordFailure("198.51.100.7", "alice");
        assertTrue(throttle.trackedEntries() <= 2, () -> "tracked " + throttle.trackedEntries());
    }

    @Test
    void countsEveryFailureUnderConcurrency() throws Exception {
        AuthThrottle shared = new AuthThrottle(new AuthConfig.ThrottleConfig(1000, 1000, 60), clock);
        AuthThrottle under = new AuthThrottle(new AuthConfig.ThrottleConfig(1000, 1000, 60), clock);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        shared.recordFailure("198.51.100.7", "alice");
                        if (i < 249) {
                            under.recordFailure("198.51.100.7", "alice");
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertTrue(shared.isBlocked("198.51.100.7", null));
        assertTrue(shared.isBlocked(null, "alice"));
        assertFalse(under.isBlocked("198.51.100.7", "alice"));
    }
}
