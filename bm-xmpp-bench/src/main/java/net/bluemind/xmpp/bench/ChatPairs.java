package net.bluemind.xmpp.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import io.netty.channel.EventLoop;

/**
 * The chatting connections of the messages and mam scenarios: {@code pairs} pairs of users 2i-1 and 2i, each pair
 * on one event loop with its {@link LoopTraffic}, so a delivery can trigger the partner's next send directly.
 *
 * <p>
 * Connection events reach the scenario, which hands them here ({@link #online}, {@link #delivered},
 * {@link #bounced}, {@link #writable}).
 */
final class ChatPairs {

    final ChatSender[] senders;
    final LoopTraffic[] traffic;
    private final AtomicIntegerArray online;
    private final ClientPipeline pipeline;
    private final BenchOptions o;

    ChatPairs(BenchOptions o, ClientPipeline pipeline, ConnectionListener listener, MessageStats stats,
            ChatBodies bodies) {
        this.o = o;
        this.pipeline = pipeline;
        int connections = 2 * o.pairs();
        this.senders = new ChatSender[connections];
        this.online = new AtomicIntegerArray(connections);
        List<EventLoop> loops = pipeline.loops();
        this.traffic = new LoopTraffic[loops.size()];
        for (int i = 0; i < traffic.length; i++) {
            traffic[i] = new LoopTraffic(loops.get(i), stats, o.window(), bodies);
        }
        ConnectionSettings settings = o.presence() ? pipeline.settings() : pipeline.settingsWithoutPresence();
        for (int i = 0; i < connections; i++) {
            // both partners of pair i/2 on the same loop: see LoopTraffic
            LoopTraffic lt = traffic[(i / 2) % traffic.length];
            XmppClientConnection c = new XmppClientConnection(settings, account(i), listener);
            senders[i] = new ChatSender(i, c, lt, jid(i ^ 1));
            c.attach(senders[i]);
        }
        for (int i = 0; i < connections; i++) {
            senders[i].partner = senders[i ^ 1];
        }
    }

    /** The account localpart of connection {@code index}. */
    String account(int index) {
        return o.userPrefix() + (o.firstUser() + index);
    }

    /** The bare JID of connection {@code index}'s account. */
    String jid(int index) {
        return account(index) + "@" + o.domain();
    }

    int connections() {
        return senders.length;
    }

    /** A launcher that logs in every connection, {@code --login-concurrency} at a time. */
    ConnectionLauncher launcher() {
        return new ConnectionLauncher(o.loginConcurrency(), senders.length,
                seq -> pipeline.connect(senders[(int) seq].connection, senders[(int) seq].traffic.loop()));
    }

    /** Registers every pair whose two connections are online with its loop; returns their number. */
    int activate() {
        int pairs = 0;
        for (int i = 0; i < senders.length; i += 2) {
            if (active(i / 2)) {
                senders[i].traffic.add(senders[i]);
                senders[i].traffic.add(senders[i + 1]);
                pairs++;
            }
        }
        return pairs;
    }

    /** Whether both partners of pair {@code pair} are online (as of their login). */
    boolean active(int pair) {
        return online.get(2 * pair) == 1 && online.get(2 * pair + 1) == 1;
    }

    /** @param totalRate messages/s over all active pairs, or 0 for window mode */
    void start(int totalRate) {
        int totalSenders = 0;
        for (LoopTraffic lt : traffic) {
            totalSenders += lt.senderCount();
        }
        for (LoopTraffic lt : traffic) {
            double share = totalRate == 0 ? 0 : (double) totalRate * lt.senderCount() / totalSenders;
            lt.loop().execute(() -> lt.start(share));
        }
    }

    /**
     * Stops sending, and waits (up to 10 s) until each loop has run the stop: afterwards the senders' counters can be
     * read from this thread.
     */
    void stop() throws InterruptedException {
        List<io.netty.util.concurrent.Future<?>> stopped = new ArrayList<>(traffic.length);
        for (LoopTraffic lt : traffic) {
            stopped.add(lt.loop().submit(lt::stop));
        }
        for (io.netty.util.concurrent.Future<?> f : stopped) {
            f.await(10, TimeUnit.SECONDS);
        }
    }

    /** Closes every connection politely; returns how many did not close in time. */
    long closeAll() throws InterruptedException {
        List<XmppClientConnection> all = new ArrayList<>(senders.length);
        for (ChatSender s : senders) {
            all.add(s.connection);
        }
        return pipeline.closeAll(all, pipeline.settings().closeTimeoutMillis() + 5000);
    }

    // ---- connection events, on the event loops ---------------------------------------------------------------------

    void online(XmppClientConnection c) {
        online.set(((ChatSender) c.attachment()).index, 1);
    }

    void delivered(XmppClientConnection c, XmlElement message, long nowNanos) {
        ChatSender receiver = (ChatSender) c.attachment();
        receiver.traffic.delivered(receiver, message, nowNanos);
    }

    /** An error stanza came to {@code c}: a bounced message gives its window slot back. */
    void bounced(XmppClientConnection c, XmlElement stanza) {
        if (stanza.name().equals("message")) {
            ChatSender sender = (ChatSender) c.attachment();
            sender.traffic.bounced(sender);
        }
    }

    void writable(XmppClientConnection c, boolean writable) {
        if (writable) {
            ChatSender s = (ChatSender) c.attachment();
            s.traffic.writable(s);
        }
    }
}
