package net.bluemind.xmpp.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    private static final long MS = 1_000_000L;

    @Test
    void percentilesOfAUniformSpread() {
        LatencyHistogram h = new LatencyHistogram();
        for (int ms = 1; ms <= 1000; ms++) {
            h.recordNanos(ms * MS);
        }
        LatencyHistogram.Snapshot s = h.snapshot();
        assertEquals(1000, s.count());
        // 3 significant digits: values are exact to 0.1 %
        assertEquals(500, s.p50Ms(), 0.5);
        assertEquals(900, s.p90Ms(), 0.9);
        assertEquals(990, s.p99Ms(), 1.0);
        assertEquals(999, s.p999Ms(), 1.0);
        assertEquals(1000, s.maxMs(), 1.0);
        assertEquals(500.5, s.meanMs(), 0.5);
    }

    @Test
    void tailIsVisible() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 990; i++) {
            h.recordNanos(2 * MS);
        }
        for (int i = 0; i < 10; i++) {
            h.recordNanos(250 * MS);
        }
        LatencyHistogram.Snapshot s = h.snapshot();
        assertEquals(2, s.p50Ms(), 0.01);
        assertEquals(2, s.p99Ms(), 0.01);
        assertEquals(250, s.p999Ms(), 0.25);
        assertEquals(250, s.maxMs(), 0.25);
    }

    @Test
    void resetDropsWarmUpAndSnapshotStartsANewInterval() {
        LatencyHistogram h = new LatencyHistogram();
        h.recordNanos(900 * MS);
        h.reset();
        h.recordNanos(3 * MS);
        LatencyHistogram.Snapshot first = h.snapshot();
        assertEquals(1, first.count());
        assertEquals(3, first.maxMs(), 0.01);

        LatencyHistogram.Snapshot empty = h.snapshot();
        assertEquals(0, empty.count());
        assertTrue(Double.isNaN(empty.p50Ms()));
    }

    @Test
    void negativeSamplesAreClampedNotFatal() {
        LatencyHistogram h = new LatencyHistogram();
        h.recordNanos(-5);
        assertEquals(0, h.snapshot().maxMs(), 0.0);
    }
}
