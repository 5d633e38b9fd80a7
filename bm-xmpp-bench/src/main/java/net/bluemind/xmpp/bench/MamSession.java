package net.bluemind.xmpp.bench;

import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * A connection that queries its own archive, one query at a time: sends the iq, gathers the result messages of its
 * queryid, and completes the query's future with the closing iq (result or error), timed from the write of the
 * query to the parse of that iq. State confined to the connection's event loop.
 */
final class MamSession {

    /** Why a query has no answer: a timeout or a lost connection. */
    static final class NoAnswer extends Exception {
        private static final long serialVersionUID = 1L;

        NoAnswer(String why) {
            super(why, null, false, false);
        }
    }

    final int index;
    final XmppClientConnection connection;
    final EventLoop loop;
    /** The account (as a chat connection index), its chat pair, and the partner's bare JID. */
    final int account;
    final int pair;
    final String partnerJid;
    final SplittableRandom random;
    private final long timeoutMillis;
    private long nextId;
    private String pendingId;
    private MamAnswer answer;
    private CompletableFuture<MamAnswer> pending;
    private long sentNanos;
    private ScheduledFuture<?> timer;
    private String lostReason;

    MamSession(int index, XmppClientConnection connection, EventLoop loop, int account, int pair,
            String partnerJid, long timeoutMillis) {
        this.index = index;
        this.account = account;
        this.connection = connection;
        this.loop = loop;
        this.pair = pair;
        this.partnerJid = partnerJid;
        this.timeoutMillis = timeoutMillis;
        this.random = new SplittableRandom(0x6d616dL * 31 + index);
    }

    /** Sends {@code q} (from any thread); the future completes on the event loop. */
    CompletableFuture<MamAnswer> query(MamQuery q) {
        CompletableFuture<MamAnswer> f = new CompletableFuture<>();
        loop.execute(() -> start(q, f));
        return f;
    }

    private void start(MamQuery q, CompletableFuture<MamAnswer> f) {
        if (pending != null) {
            f.completeExceptionally(new IllegalStateException("a query is already in progress"));
            return;
        }
        if (!connection.isOnline()) {
            f.completeExceptionally(new NoAnswer(lostReason == null ? "not online" : "connection lost: " + lostReason));
            return;
        }
        String id = "q" + index + "-" + (++nextId);
        pendingId = id;
        answer = new MamAnswer(id);
        pending = f;
        sentNanos = System.nanoTime();
        connection.send(q.toXml(id));
        timer = loop.schedule(() -> timedOut(id), timeoutMillis, TimeUnit.MILLISECONDS);
    }

    // ---- connection events, on the loop ----------------------------------------------------------------------------

    void onMessage(XmlElement message) {
        if (answer != null) {
            answer.offer(message);
        }
    }

    void onIqResult(XmlElement iq, long nowNanos) {
        if (isPending(iq)) {
            answer.finish(iq, nowNanos - sentNanos);
            complete();
        }
    }

    void onIqError(XmlElement iq, long nowNanos) {
        if (isPending(iq)) {
            answer.fail(iq, nowNanos - sentNanos);
            complete();
        }
    }

    void onLost(String reason) {
        lostReason = reason;
        fail(new NoAnswer("connection lost: " + reason));
    }

    private boolean isPending(XmlElement iq) {
        return pendingId != null && pendingId.equals(iq.attr("id"));
    }

    private void timedOut(String id) {
        if (id.equals(pendingId)) {
            fail(new NoAnswer("no answer within " + timeoutMillis / 1000 + " s"));
        }
    }

    private void complete() {
        CompletableFuture<MamAnswer> f = pending;
        MamAnswer a = answer;
        clear();
        f.complete(a);
    }

    private void fail(Exception why) {
        CompletableFuture<MamAnswer> f = pending;
        if (f != null) {
            clear();
            f.completeExceptionally(why);
        }
    }

    private void clear() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        pending = null;
        pendingId = null;
        answer = null;
    }
}
