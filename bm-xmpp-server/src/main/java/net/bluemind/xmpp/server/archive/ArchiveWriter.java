package net.bluemind.xmpp.server.archive;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.util.internal.PlatformDependent;
import net.bluemind.xmpp.server.logging.LinePeriod;
import net.bluemind.xmpp.server.memory.MemoryBudget;
import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.Receipt;
import net.bluemind.xmpp.server.session.SessionKey;
import net.bluemind.xmpp.spi.ArchivedMessage;
import net.bluemind.xmpp.spi.MessageArchive;

/**
 * Takes messages to archive off the delivery path: connection threads {@link #offer} them to a bounded
 * lock-free queue and go on; one writer thread stores them in batches. While the archive is unreachable
 * or failing, batches go to the durable {@link ArchiveSpool}, and everything that arrives meanwhile
 * follows them there, so the archive receives messages in the order they were offered; the spool is
 * tried again every {@code retry} and replayed in order when the archive answers.
 *
 * <p>When messages arrive faster than the archive stores them (the queue passes a quarter of its size),
 * batches go to the spool too, and the spool is replayed between batches: the disk absorbs bursts the
 * archive cannot, instead of the queue overflowing.
 *
 * <p>When the spool is three quarters full while the archive answers, the archive is slower than the traffic for
 * longer than a burst: the writer then drains the spool instead of taking more, so the queue fills and its senders
 * are held back (below) rather than the spool overflowing.
 *
 * <p>Nothing is dropped silently: a message that fits neither the queue (the writer is far behind) nor
 * the spool (its size limit, the archive down) is counted and logged at ERROR, at once and then in one line per
 * ten seconds with the count and the last message's owners and stanza id.
 *
 * <p>The queue is bounded in messages and in bytes. Past half of either it is congested, and the senders
 * with the largest share of it are held back (their connections stop being read) until it has drained to
 * a quarter; past nine tenths every sender is. A sender of a message now and then is not held back by
 * another's flood.
 *
 * <p>Each message may carry the sender's {@link Receipt}: released once the message is stored, spooled,
 * or known to be lost, so the sender's stanza counts as handled (XEP-0198) only then.
 */
public final class ArchiveWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ArchiveWriter.class);
    private static final long STORE_TIMEOUT_SECONDS = 30;
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long CLOSE_DRAIN_MILLIS = 10_000;
    private static final int SPILL_BATCH = 5_000;

    /** What a connection thread hands over: cheap to make, turned into an {@link ArchivedMessage} by the writer. */
    @FunctionalInterface
    public interface Pending {
        ArchivedMessage build();
    }

    /** A message in the queue, with what it weighs, who sent it and the receipt it holds. */
    private record Entry(Pending pending, int bytes, ClientSession sender, Receipt receipt) {
    }

    /** At most one line per this period about messages the writer could not keep, and about congestion. */
    private static final long LINE_PERIOD_SECONDS = 10;
    /** A sender's bytes in the queue now, to tell the heaviest senders from the others. */
    private static final SessionKey<AtomicLong> QUEUED_BY_SENDER = new SessionKey<>("archive.queued-bytes");
    /** Past half the queue, a sender is held back when it holds at least this share of it (1/20). */
    private static final int HEAVY_SHARE = 20;

    private final MessageArchive archive;
    private final ArchiveSpool spool;
    private final PoisonIsolator poison;
    private final UnaryOperator<ArchivedMessage> policy;
    private final Queue<Entry> queue;
    private final long maxBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    /** The server-wide budget the queue's bytes count in (null: none). */
    private final MemoryBudget budget;
    private final int batchSize;
    private final long retryNanos;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean parked;

    private boolean archiveUp = true;
    private long nextAttempt;
    private long outageStarted;
    /** Messages replayed from the spool since it was last empty. */
    private long replayed;
    /** Queue depth past which batches go to the spool rather than wait for the archive. */
    private final int spillThreshold;

    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong spooled = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong queueRejections = new AtomicLong();
    /** Messages the writer could not keep since its last line about them (writer thread only), why, and the last one. */
    private long unarchivedSinceLine;
    private String unarchivedWhy;
    private String lastUnarchived;
    private final LinePeriod lossLines = new LinePeriod(LINE_PERIOD_SECONDS, TimeUnit.SECONDS);
    /** Times the queue congested since the last line about it, and when the next line may come (any thread). */
    private final LongAdder congestions = new LongAdder();
    private final LinePeriod congestionLines = new LinePeriod(LINE_PERIOD_SECONDS, TimeUnit.SECONDS);

    /**
     * @param policy applied on the writer thread before storing: the message with the owners whose
     *               preferences keep it, or null when nobody's do (it may look preferences up, slowly)
     */
    public ArchiveWriter(MessageArchive archive, ArchiveSpool spool, UnaryOperator<ArchivedMessage> policy, int queueSize,
                         int batchSize, long retryMillis) {
        this(archive, spool, policy, queueSize, Long.MAX_VALUE, batchSize, retryMillis, null);
    }

    /**
     * @param maxBytes the queue's limit in bytes (see {@link net.bluemind.xmpp.xml.Element#footprint()})
     * @param budget   the server-wide memory budget the queue counts in, or null
     */
    public ArchiveWriter(MessageArchive archive, ArchiveSpool spool, UnaryOperator<ArchivedMessage> policy, int queueSize,
                         long maxBytes, int batchSize, long retryMillis, MemoryBudget budget) {
        this.maxBytes = maxBytes;
        this.budget = budget;
        this.archive = archive;
        this.spool = spool;
        this.poison = new PoisonIsolator(archive, spool.deadLetters(), STORE_TIMEOUT_SECONDS);
        this.policy = policy;
        this.queue = PlatformDependent.newFixedMpscQueue(queueSize);
        this.batchSize = batchSize;
        this.retryNanos = TimeUnit.MILLISECONDS.toNanos(retryMillis);
        this.archiveUp = spool.isEmpty();
        this.spillThreshold = Math.max(batchSize, queueSize / 4);
        // Half the queue stays free after the alarm: a connection paused now still hands over what it
        // had already read (a TLS record can hold hundreds of messages).
        this.congestion = Math.max(1, queueSize / 2);
        this.relief = queueSize / 4;
        this.overflowLimit = Math.max(1, queueSize / 2);
        this.thread = new Thread(this::run, "bm-xmpp-archive-writer");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Where offers go when the queue is full; bounded by {@link #overflowLimit}. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Entry> overflow = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger overflowSize = new java.util.concurrent.atomic.AtomicInteger();
    private final int overflowLimit;

    /** Senders held back while the queue is congested, resumed once it has drained to a quarter. */
    private final java.util.Set<ClientSession> heldBack = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final int congestion;
    private final int relief;

    /** Whether the queue is so full that senders should be held back (half its size, in messages or bytes). */
    public boolean congested() {
        return queue.size() >= congestion || queuedBytes.get() >= maxBytes / 2;
    }

    /** Whether the queue is nearly full (nine tenths): every sender is held back, not only the heaviest. */
    boolean saturated() {
        return queue.size() >= congestion + congestion * 4 / 5 || queuedBytes.get() >= maxBytes / 10 * 9;
    }

    /** The bytes of the messages waiting. */
    public long queuedBytes() {
        return queuedBytes.get();
    }

    /**
     * Holds a sender back if the queue is congested and it is among those filling it: it holds a large share of
     * the queued bytes, or the queue is nearly full. From the sender's connection thread.
     */
    void holdBackIfHeavy(ClientSession sender) {
        if (!congested()) {
            return;
        }
        AtomicLong mine = sender.get(QUEUED_BY_SENDER);
        long share = mine == null ? 0 : mine.get();
        if (saturated() || share * HEAVY_SHARE >= queuedBytes.get()) {
            holdBack(sender);
        }
    }

    /** Stops reading from a sender until the queue has drained (from its connection thread). */
    public void holdBack(ClientSession sender) {
        boolean first;
        synchronized (heldBack) {
            // Pause and resume under one lock: a release on the writer thread must not overtake this pause, or the
            // sender would stay paused with nothing left to resume it.
            if (!heldBack.add(sender)) {
                return;
            }
            sender.pauseReading(true);
            first = heldBack.size() == 1;
        }
        if (first) {
            congestions.increment();
            // Under a sustained overload the queue congests and drains many times a second: one line per period.
            if (congestionLines.take()) {
                log.warn("archive queue congested ({} messages waiting, {} times since the last such line): senders are slowed "
                        + "down until it drains", queue.size(), congestions.sumThenReset());
            }
        }
    }

    private void releaseHeldBack() {
        if (!heldBack.isEmpty() && queue.size() <= relief && queuedBytes.get() <= maxBytes / 4) {
            synchronized (heldBack) {
                for (ClientSession s : heldBack) {
                    s.pauseReading(false);
                }
                heldBack.clear();
            }
        }
    }

    /** From any thread, never blocks. */
    public void offer(Pending message) {
        offer(message, 0, null, Receipt.NONE);
    }

    /**
     * From any thread, never blocks.
     *
     * @param bytes   what the message weighs in memory until it is stored
     * @param sender  the local session that sent it (held back when it floods the queue), or null
     * @param receipt held by the caller for this message; released once it is stored, spooled or lost
     */
    public void offer(Pending message, int bytes, ClientSession sender, Receipt receipt) {
        Entry entry = new Entry(message, bytes, sender, receipt);
        if (!running) {
            reject("the archive writer has stopped", entry);
            return;
        }
        if (queuedBytes.get() + bytes > maxBytes || !queue.offer(entry)) {
            // Held-back senders still hand over what they had already read (and all of it at once when
            // their connections close): a bounded overflow takes it. Order is safe: archives sort by timestamp.
            if (overflowSize.incrementAndGet() > overflowLimit) {
                overflowSize.decrementAndGet();
                reject("the archive queue and its overflow are full (the archive writer is far behind)", entry);
                return;
            }
            overflow.add(entry);
        }
        queued(entry, bytes);
        if (parked) {
            parked = false;
            LockSupport.unpark(thread);
        }
    }

    private void queued(Entry entry, int bytes) {
        queuedBytes.addAndGet(bytes);
        if (budget != null) {
            budget.count(bytes);
        }
        if (entry.sender() != null) {
            AtomicLong mine = entry.sender().get(QUEUED_BY_SENDER);
            if (mine == null) {
                mine = new AtomicLong();
                entry.sender().put(QUEUED_BY_SENDER, mine);
            }
            mine.addAndGet(bytes);
        }
    }

    /** The writer took the entry off the queue. */
    private void dequeued(Entry entry) {
        queuedBytes.addAndGet(-entry.bytes());
        if (budget != null) {
            budget.release(entry.bytes());
        }
        if (entry.sender() != null) {
            AtomicLong mine = entry.sender().get(QUEUED_BY_SENDER);
            if (mine != null) {
                mine.addAndGet(-entry.bytes());
            }
        }
    }

    private void reject(String why, Entry entry) {
        long n = queueRejections.incrementAndGet();
        if (Long.bitCount(n) == 1) { // 1, 2, 4, 8...: an alert that does not flood the log
            log.error("{}: {} messages not archived so far", why, n);
        }
        lost.incrementAndGet();
        entry.receipt().release(); // delivered all the same: the sender's stanza is not held for the archive's sake
    }

    public long stored() {
        return stored.get();
    }

    public long spooled() {
        return spooled.get();
    }

    public long lost() {
        return lost.get();
    }

    public int queued() {
        return queue.size() + overflowSize.get();
    }

    /** Messages the archive refused for good, set aside in the spool folder's dead-letter file. */
    public long deadLettered() {
        return spool.deadLetters().count();
    }

    public boolean spoolEmpty() {
        return spool.isEmpty();
    }

    private void run() {
        List<Entry> drained = new ArrayList<>(batchSize);
        while (running || !queue.isEmpty() || !overflow.isEmpty()) {
            try {
                releaseHeldBack();
                reportUnarchived(false);
                drained.clear();
                if (running && archiveUp && spool.nearlyFull()) {
                    // The archive answers, slower than the traffic: rather than fill the spool and lose what no longer
                    // fits, the spool drains while the queue fills and holds its senders back, the heaviest first.
                    replayBatch();
                    continue;
                }
                // Stopping: what is queued goes to the spool, fast and durable, not to a slow archive.
                boolean pressure = queue.size() >= spillThreshold || queuedBytes.get() >= maxBytes / 4 || !running;
                drain(drained, pressure ? SPILL_BATCH : batchSize);
                if (drained.isEmpty()) {
                    if (running && !spool.isEmpty() && (archiveUp || System.nanoTime() - nextAttempt >= 0)) {
                        replayBatch();
                    } else {
                        park();
                    }
                    continue;
                }
                List<ArchivedMessage> batch = prepare(drained);
                if (!batch.isEmpty()) {
                    if (spool.isEmpty() && archiveUp && !pressure) {
                        if (!store(batch)) {
                            toSpool(batch);
                        }
                    } else {
                        // Behind the spool (order), the archive down, or the queue filling faster than the
                        // archive takes it: to disk, which is faster than any archive, replayed later.
                        toSpool(batch);
                    }
                }
                // Stored, spooled or counted lost: the senders' stanzas are handled as far as the archive goes.
                releaseReceipts(drained);
                if (running && !spool.isEmpty() && queue.size() < spillThreshold && (archiveUp || System.nanoTime() - nextAttempt >= 0)) {
                    replayBatch(); // keeps the spool draining (or the archive tried again) while traffic goes on
                }
            } catch (Throwable e) { // NOPMD: whatever it was, the thread goes on
                // A writer that dies stops the archive for everyone. (Out of memory ends the process first, with
                // -XX:+ExitOnOutOfMemoryError as both launchers run it.)
                log.error("archive writer: unexpected failure, going on", e);
                releaseReceipts(drained);
            }
        }
    }

    private static void releaseReceipts(List<Entry> entries) {
        for (Entry e : entries) {
            e.receipt().release();
        }
        entries.clear();
    }

    /** Under pressure the batch goes to the spool: bigger appends, fewer disk flushes. */
    private void drain(List<Entry> into, int max) {
        Entry e;
        while (into.size() < max && (e = queue.poll()) != null) {
            dequeued(e);
            into.add(e);
        }
        while (into.size() < max && (e = overflow.poll()) != null) {
            overflowSize.decrementAndGet();
            dequeued(e);
            into.add(e);
        }
    }

    private void park() {
        parked = true;
        if (queue.isEmpty() && overflow.isEmpty() && running) {
            long wait = spool.isEmpty() ? IDLE_PARK_NANOS : Math.min(IDLE_PARK_NANOS, Math.max(1, nextAttempt - System.nanoTime()));
            LockSupport.parkNanos(this, wait);
        }
        parked = false;
    }

    private List<ArchivedMessage> prepare(List<Entry> drained) {
        List<ArchivedMessage> batch = new ArrayList<>(drained.size());
        for (Entry p : drained) {
            try {
                ArchivedMessage m = policy.apply(p.pending().build());
                if (m != null) {
                    batch.add(m);
                }
            } catch (RuntimeException e) {
                log.error("a message could not be prepared for the archive and is not archived", e);
                lost.incrementAndGet();
            }
        }
        return batch;
    }

    /** Stores a batch, waiting for the archive; false (and the archive marked down) when it failed. */
    private boolean store(List<ArchivedMessage> batch) {
        try {
            stored.addAndGet(poison.store(batch)); // refused messages are set aside, not taken for an outage
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            markDown(e);
            return false;
        } catch (ExecutionException | TimeoutException | CompletionException e) {
            markDown(e instanceof ExecutionException ? e.getCause() : e);
            return false;
        }
    }

    private void markDown(Throwable cause) {
        if (archiveUp) {
            outageStarted = System.nanoTime();
            log.warn("archive {} failed ({}): messages wait in the spool {} and are replayed when it answers",
                    archive.describe(), cause, spool.dir());
        }
        archiveUp = false;
        nextAttempt = System.nanoTime() + retryNanos;
    }

    private void toSpool(List<ArchivedMessage> batch) {
        int taken;
        try {
            taken = spool.append(batch);
        } catch (IOException e) {
            unarchived("archive spool " + spool.dir() + " cannot be written (" + e + ")", batch);
            return;
        }
        spooled.addAndGet(taken);
        if (taken < batch.size()) {
            List<ArchivedMessage> rest = new ArrayList<>(batch.subList(taken, batch.size()));
            // While the archive answers, what the spool cannot take goes to it now, slowly, rather than be lost.
            if (!archiveUp || !store(rest)) {
                unarchived("archive spool " + spool.dir() + " is full (" + spool.bytes() + " bytes)", rest);
            }
        }
    }

    /** Messages neither stored nor spooled: counted, and told at once, then at most once per period (writer thread). */
    private void unarchived(String why, List<ArchivedMessage> messages) {
        lost.addAndGet(messages.size());
        unarchivedSinceLine += messages.size();
        unarchivedWhy = why;
        ArchivedMessage last = messages.get(messages.size() - 1);
        lastUnarchived = last.stanzaId() + " of " + last.owners();
        reportUnarchived(false);
    }

    /**
     * One ERROR line for the messages lost since the last one, when the period is over (or {@code now}): a line per
     * message, thousands a second, would fill the very disk that is full and cost more than the messages.
     */
    private void reportUnarchived(boolean now) {
        if (unarchivedSinceLine == 0) {
            return;
        }
        if (now) {
            lossLines.restart();
        } else if (!lossLines.take()) {
            return;
        }
        log.error("{}: {} messages not archived (the last: {}); {} lost since the start", unarchivedWhy, unarchivedSinceLine,
                lastUnarchived, lost.get());
        unarchivedSinceLine = 0;
    }

    /** Stores the oldest spooled batch; marks the archive up when the spool is empty, down when it fails. */
    private void replayBatch() {
        try {
            // Replays take big batches: an archive's cost is mostly per request (Elasticsearch waits for a refresh).
            List<ArchivedMessage> batch = spool.peek(Math.max(batchSize, SPILL_BATCH));
            if (!batch.isEmpty()) {
                if (!store(batch)) {
                    return;
                }
                spool.commit();
                replayed += batch.size();
            }
        } catch (IOException e) {
            log.error("archive spool {} cannot be read: {}", spool.dir(), e.toString());
            archiveUp = false;
            nextAttempt = System.nanoTime() + retryNanos;
            return;
        }
        if (spool.isEmpty()) {
            log.info("archive {} is up to date: {} spooled messages replayed{}", archive.describe(), replayed,
                    outageStarted == 0 ? "" : " after an outage of " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - outageStarted) + " s");
            replayed = 0;
            outageStarted = 0;
        }
        archiveUp = true;
    }

    /**
     * Stops taking messages, spools what is queued, and stops the thread (after the store in progress,
     * if any, for a while). What is in the spool stays there for the next start.
     */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(CLOSE_DRAIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.error("archive writer did not finish within {} ms: {} queued messages not archived", CLOSE_DRAIN_MILLIS, queued());
        } else {
            reportUnarchived(true);
        }
        synchronized (heldBack) {
            for (ClientSession s : heldBack) {
                s.pauseReading(false);
            }
            heldBack.clear();
        }
        spool.close();
    }
}
