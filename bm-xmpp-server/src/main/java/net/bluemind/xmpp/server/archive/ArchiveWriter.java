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
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.util.internal.PlatformDependent;
import net.bluemind.xmpp.server.session.ClientSession;
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
 * <p>Nothing is dropped silently: a message that fits neither the queue (the writer is far behind) nor
 * the spool (its size limit) is counted and logged at ERROR with the owner and the stanza id.
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

    private final MessageArchive archive;
    private final ArchiveSpool spool;
    private final PoisonIsolator poison;
    private final UnaryOperator<ArchivedMessage> policy;
    private final Queue<Pending> queue;
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

    /**
     * @param policy applied on the writer thread before storing: the message with the owners whose
     *               preferences keep it, or null when nobody's do (it may look preferences up, slowly)
     */
    public ArchiveWriter(MessageArchive archive, ArchiveSpool spool, UnaryOperator<ArchivedMessage> policy, int queueSize,
                         int batchSize, long retryMillis) {
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
    private final java.util.concurrent.ConcurrentLinkedQueue<Pending> overflow = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger overflowSize = new java.util.concurrent.atomic.AtomicInteger();
    private final int overflowLimit;

    /** Senders held back while the queue is congested, resumed once it has drained to a quarter. */
    private final java.util.Set<ClientSession> heldBack = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final int congestion;
    private final int relief;

    /** Whether the queue is so full that senders should be held back (half its size). */
    public boolean congested() {
        return queue.size() >= congestion;
    }

    /** Stops reading from a sender until the queue has drained (from its connection thread). */
    public void holdBack(ClientSession sender) {
        if (heldBack.add(sender)) {
            sender.pauseReading(true);
            if (heldBack.size() == 1) {
                log.warn("archive queue congested ({} messages waiting): senders are slowed down until it drains", queue.size());
            }
        }
    }

    private void releaseHeldBack() {
        if (!heldBack.isEmpty() && queue.size() <= relief) {
            for (ClientSession s : heldBack) {
                heldBack.remove(s);
                s.pauseReading(false);
            }
        }
    }

    /** From any thread, never blocks. */
    public void offer(Pending message) {
        if (!running) {
            reject("the archive writer has stopped");
            return;
        }
        if (!queue.offer(message)) {
            // Held-back senders still hand over what they had already read (and all of it at once when
            // their connections close): a bounded overflow takes it. Order is safe: archives sort by timestamp.
            if (overflowSize.incrementAndGet() > overflowLimit) {
                overflowSize.decrementAndGet();
                reject("the archive queue and its overflow are full (the archive writer is far behind)");
                return;
            }
            overflow.add(message);
        }
        if (parked) {
            parked = false;
            LockSupport.unpark(thread);
        }
    }

    private void reject(String why) {
        long n = queueRejections.incrementAndGet();
        if (Long.bitCount(n) == 1) { // 1, 2, 4, 8...: an alert that does not flood the log
            log.error("{}: {} messages not archived so far", why, n);
        }
        lost.incrementAndGet();
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
        List<Pending> drained = new ArrayList<>(batchSize);
        while (running || !queue.isEmpty() || !overflow.isEmpty()) {
            try {
                releaseHeldBack();
                drained.clear();
                // Stopping: what is queued goes to the spool, fast and durable, not to a slow archive.
                boolean pressure = queue.size() >= spillThreshold || !running;
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
                if (running && !spool.isEmpty() && queue.size() < spillThreshold && (archiveUp || System.nanoTime() - nextAttempt >= 0)) {
                    replayBatch(); // keeps the spool draining (or the archive tried again) while traffic goes on
                }
            } catch (RuntimeException e) {
                log.error("archive writer: unexpected failure, going on", e);
            }
        }
    }

    /** Under pressure the batch goes to the spool: bigger appends, fewer disk flushes. */
    private void drain(List<Pending> into, int max) {
        Pending p;
        while (into.size() < max && (p = queue.poll()) != null) {
            into.add(p);
        }
        while (into.size() < max && (p = overflow.poll()) != null) {
            overflowSize.decrementAndGet();
            into.add(p);
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

    private List<ArchivedMessage> prepare(List<Pending> drained) {
        List<ArchivedMessage> batch = new ArrayList<>(drained.size());
        for (Pending p : drained) {
            try {
                ArchivedMessage m = policy.apply(p.build());
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
            log.error("archive spool {} cannot be written ({}): {} messages not archived", spool.dir(), e.toString(), batch.size());
            lost.addAndGet(batch.size());
            return;
        }
        spooled.addAndGet(taken);
        if (taken < batch.size()) {
            for (ArchivedMessage m : batch.subList(taken, batch.size())) {
                log.error("archive spool {} is full ({} bytes): message {} of {} not archived", spool.dir(), spool.bytes(),
                        m.stanzaId(), m.owners());
            }
            lost.addAndGet(batch.size() - taken);
        }
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
            log.error("archive writer did not finish within {} ms: {} queued messages not archived", CLOSE_DRAIN_MILLIS, queue.size());
        }
        for (ClientSession s : heldBack) {
            s.pauseReading(false);
        }
        heldBack.clear();
        spool.close();
    }
}
