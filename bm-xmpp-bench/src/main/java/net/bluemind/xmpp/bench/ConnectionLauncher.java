package net.bluemind.xmpp.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * Keeps at most {@code concurrency} logins in progress: starts the next connection whenever one settles (online or
 * failed), until {@code total} have been started or {@link #stop()} is called.
 *
 * <p>
 * Bounding handshakes in progress is what makes a login storm measurable: without it, 50k simultaneous TLS
 * handshakes would time out on any server and measure the backlog, not the login cost. If every one of the first
 * wave fails and none succeeds, launching stops by itself: there is no point hammering a server that refuses all.
 */
final class ConnectionLauncher {

    private static final long PROGRESS_MILLIS = 5000;

    private final int concurrency;
    private final long total;
    private final LongConsumer launch;
    private final AtomicLong nextSeq = new AtomicLong();
    private final AtomicLong inProgress = new AtomicLong();
    private final LongAdder online = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean stopped;
    private volatile boolean gaveUp;
    private long startNanos;

    /**
     * @param launch starts connection number {@code seq} (0-based) without blocking; its outcome must be reported
     *               through {@link #settled(boolean)}
     */
    ConnectionLauncher(int concurrency, long total, LongConsumer launch) {
        this.concurrency = concurrency;
        this.total = total;
        this.launch = launch;
    }

    void start() {
        startNanos = System.nanoTime();
        long first = Math.min(concurrency, total);
        for (long i = 0; i < first; i++) {
            launchNext();
        }
        checkDone();
    }

    /** Reports the outcome of one launched connection; starts the next one. */
    void settled(boolean wentOnline) {
        if (wentOnline) {
            online.increment();
        } else {
            failed.increment();
            if (online.sum() == 0 && failed.sum() >= Math.min(concurrency, total)) {
                gaveUp = true;
                stopped = true;
            }
        }
        inProgress.decrementAndGet();
        launchNext();
        checkDone();
    }

    /** No more launches; those in progress still settle. */
    void stop() {
        stopped = true;
        checkDone();
    }

    private void launchNext() {
        // count before taking a sequence number, so that checkDone() never sees "all taken, none in progress"
        // while a launch is about to happen
        inProgress.incrementAndGet();
        long seq = stopped ? total : nextSeq.getAndIncrement();
        if (seq >= total) {
            inProgress.decrementAndGet();
            return;
        }
        launch.accept(seq);
    }

    private void checkDone() {
        boolean noMore = stopped || nextSeq.get() >= total;
        if (noMore && inProgress.get() == 0) {
            done.countDown();
        }
    }

    /** Waits until every launched connection has settled, printing progress every few seconds. */
    boolean awaitSettled(long timeoutMillis, PrintStream progress) throws InterruptedException {
        long deadline = timeoutMillis >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE
                : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            long leftMillis = deadline == Long.MAX_VALUE ? Long.MAX_VALUE
                    : TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (done.await(Math.max(0, Math.min(leftMillis, PROGRESS_MILLIS)), TimeUnit.MILLISECONDS)) {
                return true;
            }
            if (leftMillis <= PROGRESS_MILLIS) {
                return false;
            }
            progress.println(progressLine());
        }
    }

    String progressLine() {
        double s = (System.nanoTime() - startNanos) / 1e9;
        return String.format(Locale.ROOT, "[%6.1fs] online %d, failed %d, in progress %d (%.0f logins/s)", s,
                online.sum(), failed.sum(), inProgress.get(), online.sum() / Math.max(s, 1e-3));
    }

    long online() {
        return online.sum();
    }

    long failed() {
        return failed.sum();
    }

    /** True when launching stopped because nothing at all succeeded. */
    boolean gaveUp() {
        return gaveUp;
    }
}
