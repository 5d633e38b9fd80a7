package net.bluemind.xmpp.faults.kit;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import net.bluemind.xmpp.xml.Element;

/**
 * Two users who have nothing to do with whatever else the server is going through, chatting: one message every
 * {@code period} (at a fixed rate) from one to the other, each carrying its send time. Tells how many arrived and how long they took.
 */
public final class PairProbe implements AutoCloseable {

    private final TestClient from;
    private final TestClient to;
    private final String toJid;
    private final long periodNanos;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final long[] latencies = new long[1 << 20];
    private final AtomicReference<String> problem = new AtomicReference<>();
    /** Notified on each arrival, for {@link #stop(Duration)} to wait on. */
    private final Object arrivals = new Object();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pair-probe");
        t.setDaemon(true);
        return t;
    });

    /** Both users log in (direct TLS on {@code port}); the probe starts at once. */
    public PairProbe(int port, String fromJid, String toJid, Duration period) throws IOException {
        this.from = TestClient.login("127.0.0.1", port, fromJid, fromJid.substring(0, fromJid.indexOf('@')), "probe");
        this.to = TestClient.login("127.0.0.1", port, toJid, toJid.substring(0, toJid.indexOf('@')), "probe");
        this.toJid = toJid;
        this.periodNanos = period.toNanos();
        to.send("<presence/>");
        from.listen(e -> {
            if ("error".equals(e.attribute("type"))) {
                problem.compareAndSet(null, "an error came back: " + e);
            }
        });
        // The recipient's presence must be processed before the first message, or it would be stored offline.
        awaitPresenceProcessed();
        sender.scheduleAtFixedRate(this::sendOne, 0, periodNanos, TimeUnit.NANOSECONDS);
    }

    private void awaitPresenceProcessed() throws IOException {
        // An iq round trip after the presence: the server handles a client's stanzas in order.
        CountDownLatch pong = new CountDownLatch(1);
        to.listen(e -> {
            if ("iq".equals(e.name()) && "probe-ping".equals(e.attribute("id"))) {
                pong.countDown();
            } else {
                onStanza(e);
            }
        });
        to.send("<iq type='get' id='probe-ping'><ping xmlns='urn:xmpp:ping'/></iq>");
        try {
            if (!pong.await(20, TimeUnit.SECONDS)) {
                throw new IOException("the probe's recipient got no answer to a ping in 20 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void onStanza(Element e) {
        if (!"message".equals(e.name())) {
            return;
        }
        String body = e.childText("body", "jabber:client");
        if (body == null || !body.startsWith("probe ")) {
            return;
        }
        long sentAt = Long.parseLong(body.substring(body.lastIndexOf(' ') + 1));
        int i = (int) received.getAndIncrement();
        if (i < latencies.length) {
            latencies[i] = System.nanoTime() - sentAt;
        }
        synchronized (arrivals) {
            arrivals.notifyAll();
        }
    }

    private void sendOne() {
        long n = sent.incrementAndGet();
        try {
            from.send("<message to='" + toJid + "' type='chat' id='p" + n + "'><body>probe " + n + " " + System.nanoTime()
                    + "</body></message>");
        } catch (IOException e) {
            problem.compareAndSet(null, "the probe could not send: " + e);
            throw new CancellationException("the probe's sender is cut off"); // no further runs
        }
    }

    /** Stops sending and waits (up to {@code wait}) for what was sent to arrive. */
    public void stop(Duration wait) throws InterruptedException {
        sender.shutdown();
        if (!sender.awaitTermination(5, TimeUnit.SECONDS)) {
            problem.compareAndSet(null, "the probe's last send did not return in 5 s");
        }
        long end = System.nanoTime() + wait.toNanos();
        synchronized (arrivals) {
            for (long left = wait.toNanos(); received.get() < sent.get() && left > 0; left = end - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(arrivals, left);
            }
        }
    }

    public long sent() {
        return sent.get();
    }

    public long received() {
        return received.get();
    }

    /** The first thing that went wrong (an error bounced, a failed send), or null. */
    public String problem() {
        return problem.get();
    }

    /** The latency under which {@code percent} of the received messages arrived, in milliseconds. */
    public double percentileMillis(double percent) {
        int n = (int) Math.min(received.get(), latencies.length);
        if (n == 0) {
            return Double.NaN;
        }
        long[] copy = Arrays.copyOf(latencies, n);
        Arrays.sort(copy);
        int index = (int) Math.min(n - 1, Math.ceil(percent / 100 * n) - 1);
        return copy[Math.max(0, index)] / 1e6;
    }

    @Override
    public void close() {
        sender.shutdownNow();
        from.close();
        to.close();
    }
}
