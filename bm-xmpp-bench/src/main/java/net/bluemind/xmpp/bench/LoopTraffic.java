package net.bluemind.xmpp.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Drives the message traffic of all pairs that live on one event loop.
 *
 * <p>
 * Both partners of a pair share the loop, so a delivery can trigger the partner's next send directly, without
 * locks or cross-thread tasks. Two modes:
 * <ul>
 * <li>window ({@code rate == 0}): each sender keeps {@code window} messages in flight and sends a new one whenever
 * one of its messages reaches the partner — saturation with bounded queues — until it has sent its
 * {@link ChatSender#limit};</li>
 * <li>rate: a 1 ms ticker releases this loop's share of the total rate, round-robin over its senders, so a fixed
 * load costs one timer per loop instead of one per sender.</li>
 * </ul>
 * Writes are never flushed one by one: senders touched in a tick or a read batch are flushed once, at the end of the
 * tick or in a task that runs after the loop's current I/O batch. All methods run on the loop.
 */
final class LoopTraffic {

    /** How much schedule backlog (ms) the rate mode catches up on; beyond that, sends are counted as skipped. */
    private static final long MAX_CATCH_UP_MS = 100;

    private final EventLoop loop;
    private final MessageStats stats;
    private final int window;
    private final ChatBodies bodies;
    private final List<ChatSender> senders = new ArrayList<>();
    private final List<ChatSender> toFlush = new ArrayList<>();
    private boolean flushScheduled;
    private boolean running;
    private boolean rateMode;
    private double messagesPerNano;
    private long rateStartNanos;
    private long issued;
    private int cursor;
    private ScheduledFuture<?> ticker;

    LoopTraffic(EventLoop loop, MessageStats stats, int window, int padding) {
        this(loop, stats, window, ChatBodies.timestamped(padding));
    }

    LoopTraffic(EventLoop loop, MessageStats stats, int window, ChatBodies bodies) {
        this.loop = loop;
        this.stats = stats;
        this.window = window;
        this.bodies = bodies;
    }

    EventLoop loop() {
        return loop;
    }

    /** Before {@link #start}, from the main thread (the start task publishes the list to the loop). */
    void add(ChatSender sender) {
        senders.add(sender);
    }

    int senderCount() {
        return senders.size();
    }

    /** @param ratePerSecond this loop's share of the total rate, or 0 for window mode */
    void start(double ratePerSecond) {
        running = true;
        if (senders.isEmpty()) {
            return;
        }
        if (ratePerSecond <= 0) {
            for (ChatSender s : senders) {
                fill(s);
            }
        } else {
            rateMode = true;
            messagesPerNano = ratePerSecond / 1e9;
            rateStartNanos = System.nanoTime();
            ticker = loop.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.MILLISECONDS);
        }
    }

    void stop() {
        running = false;
        if (ticker != null) {
            ticker.cancel(false);
        }
    }

    /** A message from {@code receiver}'s partner arrived at {@code receiver}. */
    void delivered(ChatSender receiver, XmlElement message, long nowNanos) {
        XmlElement body = message.child("body");
        long sentAt = ChatPayload.decode(body == null ? null : body.text());
        if (sentAt == Long.MIN_VALUE) {
            stats.unexpected.increment();
            return;
        }
        stats.delivered.increment();
        stats.latency.recordNanos(nowNanos - sentAt);
        receiver.received++;
        ChatSender origin = receiver.partner;
        origin.inFlight--;
        if (running && !rateMode) {
            fill(origin);
        }
    }

    /** One of {@code sender}'s messages came back as an error: it will never be delivered. */
    void bounced(ChatSender sender) {
        sender.inFlight--;
        if (running && !rateMode) {
            fill(sender);
        }
    }

    /** The sender's socket drained below the low water mark: resume a stalled window. */
    void writable(ChatSender sender) {
        if (running && !rateMode) {
            fill(sender);
        }
    }

    private void fill(ChatSender s) {
        if (s.inFlight >= window || !s.hasQuota() || !s.canSend()) {
            return;
        }
        long now = System.nanoTime();
        int n = 0;
        while (s.inFlight < window && s.hasQuota() && s.canSend()) {
            s.send(now, bodies);
            n++;
        }
        stats.sent.add(n);
        markForFlush(s);
        if (!flushScheduled) {
            flushScheduled = true;
            // runs once the loop has processed the current batch of reads: one flush per sender per batch
            loop.execute(this::flushPending);
        }
    }

    private void tick() {
        if (!running) {
            return;
        }
        long now = System.nanoTime();
        long target = (long) ((now - rateStartNanos) * messagesPerNano);
        long due = target - issued;
        if (due <= 0) {
            return;
        }
        long cap = Math.max(senders.size(), (long) (messagesPerNano * TimeUnit.MILLISECONDS.toNanos(MAX_CATCH_UP_MS)));
        if (due > cap) {
            stats.skipped.add(due - cap);
            issued += due - cap;
            due = cap;
        }
        issued += due;
        long sent = 0;
        for (long i = 0; i < due; i++) {
            ChatSender s = senders.get(cursor);
            cursor = cursor + 1 == senders.size() ? 0 : cursor + 1;
            if (s.hasQuota() && s.canSend()) {
                s.send(now, bodies);
                markForFlush(s);
                sent++;
            }
        }
        stats.sent.add(sent);
        stats.skipped.add(due - sent);
        flushPending();
    }

    private void markForFlush(ChatSender s) {
        if (!s.flushPending) {
            s.flushPending = true;
            toFlush.add(s);
        }
    }

    private void flushPending() {
        flushScheduled = false;
        for (ChatSender s : toFlush) {
            s.flushPending = false;
            s.connection.flush();
        }
        toFlush.clear();
    }
}
