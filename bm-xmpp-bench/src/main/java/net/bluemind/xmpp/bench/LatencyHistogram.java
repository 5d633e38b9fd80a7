package net.bluemind.xmpp.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies recorded concurrently from all event loops, read in measurement intervals.
 *
 * <p>
 * Backed by HdrHistogram's {@link Recorder}: recording is wait-free for the event loops, and taking a snapshot
 * atomically starts a new interval, which is exactly what warm-up (discard) then measurement (snapshot) needs.
 * Values keep 3 significant digits, i.e. percentiles are exact to 0.1 %.
 */
final class LatencyHistogram {

    /** Percentiles of one interval, in milliseconds. */
    record Snapshot(long count, double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs,
            double meanMs) {
    }

    private static final double NANOS_PER_MS = 1_000_000.0;

    private final Recorder recorder = new Recorder(3);

    void recordNanos(long nanos) {
        // a negative value can only come from a clock glitch or a foreign body; clamp instead of failing the loop
        recorder.recordValue(Math.max(0, nanos));
    }

    /** Forgets everything recorded so far (end of warm-up). */
    void reset() {
        recorder.reset();
    }

    /** Everything recorded since the previous snapshot or reset; starts a new interval. */
    Snapshot snapshot() {
        Histogram h = recorder.getIntervalHistogram();
        if (h.getTotalCount() == 0) {
            return new Snapshot(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Snapshot(h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
                ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()),
                h.getMean() / NANOS_PER_MS);
    }

    private static double ms(long nanos) {
        return nanos / NANOS_PER_MS;
    }
}
