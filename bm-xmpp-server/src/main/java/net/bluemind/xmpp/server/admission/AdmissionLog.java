package net.bluemind.xmpp.server.admission;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.util.concurrent.EventExecutor;
import net.bluemind.xmpp.server.logging.LinePeriod;

/**
 * Refused connections and failed accepts, logged as one WARN line per period with their counts, never one
 * line per connection: under a flood, thousands of refusals a second would drown the log and cost more
 * than the refusals themselves. The first event of a quiet period is logged at once; what follows within
 * the period is summed up when it ends.
 */
final class AdmissionLog {

    private static final Logger log = LoggerFactory.getLogger(ConnectionAdmission.class);

    private final LongAdder[] refused = new LongAdder[Refusal.values().length];
    private final LongAdder acceptFailures = new LongAdder();
    private final LinePeriod lines;
    private final AtomicBoolean summaryScheduled = new AtomicBoolean();
    private volatile String lastAddress;
    private volatile String lastAcceptError;

    AdmissionLog(long periodSeconds) {
        this.lines = new LinePeriod(periodSeconds, TimeUnit.SECONDS);
        for (int i = 0; i < refused.length; i++) {
            refused[i] = new LongAdder();
        }
    }

    void refused(Refusal why, String address, ConnectionAdmission state, EventExecutor executor) {
        refused[why.ordinal()].increment();
        lastAddress = address;
        lineOrSummary(state, executor);
    }

    void acceptFailed(String message, ConnectionAdmission state, EventExecutor executor) {
        acceptFailures.increment();
        lastAcceptError = message;
        lineOrSummary(state, executor);
    }

    private void lineOrSummary(ConnectionAdmission state, EventExecutor executor) {
        if (lines.take()) {
            write(state);
        } else if (summaryScheduled.compareAndSet(false, true)) {
            executor.schedule(() -> {
                summaryScheduled.set(false);
                lines.restart();
                write(state);
            }, lines.nanosLeft(), TimeUnit.NANOSECONDS);
        }
    }

    private void write(ConnectionAdmission state) {
        StringBuilder what = new StringBuilder();
        for (Refusal r : Refusal.values()) {
            long n = refused[r.ordinal()].sumThenReset();
            if (n > 0) {
                what.append(what.length() == 0 ? "" : ", ").append(n).append(" over ").append(r.key());
            }
        }
        long failures = acceptFailures.sumThenReset();
        if (what.length() == 0 && failures == 0) {
            return;
        }
        if (what.length() > 0) {
            what.insert(0, "connections refused at accept: ").append(" (last from ").append(lastAddress).append(')');
        }
        if (failures > 0) {
            what.append(what.length() == 0 ? "" : "; ").append("accepting failed ").append(failures)
                    .append(failures == 1 ? " time: " : " times: ").append(lastAcceptError);
        }
        log.warn("{}; now {} connections, {} of them unauthenticated", what, state.total(), state.unauthenticated());
    }
}
