package net.bluemind.xmpp.bench;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the messages scenario, updated from all event loops and read by the main thread in intervals (delta of
 * two {@link Counts} samples), plus the delivery latency histogram.
 */
final class MessageStats {

    record Counts(long sent, long delivered, long stanzaErrors, long lostConnections, long skipped,
            long unexpected) {

        Counts minus(Counts earlier) {
            return new Counts(sent - earlier.sent, delivered - earlier.delivered, stanzaErrors - earlier.stanzaErrors,
                    lostConnections - earlier.lostConnections, skipped - earlier.skipped,
                    unexpected - earlier.unexpected);
        }
    }

    final LongAdder sent = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder stanzaErrors = new LongAdder();
    final LongAdder lostConnections = new LongAdder();
    /** Sends the rate schedule wanted but could not do (socket not writable, generator behind schedule). */
    final LongAdder skipped = new LongAdder();
    /** Messages whose body was not one of ours (server notices, MOTD, ...). */
    final LongAdder unexpected = new LongAdder();
    final LatencyHistogram latency = new LatencyHistogram();

    Counts counts() {
        return new Counts(sent.sum(), delivered.sum(), stanzaErrors.sum(), lostConnections.sum(), skipped.sum(),
                unexpected.sum());
    }
}
