package net.bluemind.xmpp.faults.kit;

import java.io.IOException;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.bluemind.xmpp.server.testkit.Await;
import net.bluemind.xmpp.xml.Element;

/**
 * Numbered chat messages ({@code <prefix>-1}, {@code <prefix>-2}...) from one client with stream management, on a
 * thread of their own, with exact accounts: how many were sent, acknowledged (XEP-0198 h), bounced back with an
 * error (which ones), and, when the recipients are watched, delivered (which ones, how often, how late).
 *
 * <p>Two shapes: {@link #steady} (one message every interval to an online user: a conversation) and
 * {@link #flood} (batches as fast as the server reads them, round-robin over the recipients).
 */
public final class MessageLoad {

    private static final String SM = "urn:xmpp:sm:3";
    private static final int CAPACITY = 1 << 20;
    /** A flood's most messages sent and not yet acknowledged: twice the server's default inbound budget (1000 stanzas). */
    public static final int FLOOD_WINDOW = 2000;

    private final String prefix;
    private final TestClient sender;
    private final List<String> recipients;
    private final int batch;
    private final long intervalNanos;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicLongArray sentAt = new AtomicLongArray(CAPACITY);
    private final AtomicLongArray receivedAt = new AtomicLongArray(CAPACITY);
    private final AtomicIntegerArray receivedCount = new AtomicIntegerArray(CAPACITY);
    private final AtomicInteger delivered = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final BitSet errors = new BitSet();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean stopping;

    private MessageLoad(String prefix, TestClient sender, List<String> recipients, int batch, Duration interval) {
        this.prefix = prefix;
        this.sender = sender;
        this.recipients = recipients;
        this.batch = batch;
        this.intervalNanos = interval.toNanos();
        this.thread = new Thread(this::send, "load-" + prefix);
        thread.setDaemon(true);
        sender.listen(this::fromServer);
    }

    /** One message every {@code interval} from {@code sender} (stream management on) to {@code to}. */
    public static MessageLoad steady(String prefix, TestClient sender, String to, Duration interval) {
        return new MessageLoad(prefix, sender, List.of(to), 1, interval);
    }

    /**
     * Batches of 50 messages with an acknowledgement request each, as fast as the server takes them, with at
     * most {@link #FLOOD_WINDOW} unacknowledged: the server's pace sets the rate, not the sockets' buffers
     * (which hold megabytes on loopback, and would leave tens of thousands of messages in flight).
     */
    public static MessageLoad flood(String prefix, TestClient sender, List<String> to) {
        return new MessageLoad(prefix, sender, to, 50, Duration.ZERO);
    }

    /** Counts what {@code receiver} gets of these messages (its listener from now on). */
    public MessageLoad watch(TestClient receiver) {
        receiver.listen(this::toReceiver);
        return this;
    }

    public MessageLoad start() {
        thread.start();
        return this;
    }

    /** Stops sending (the batch being written is finished) and asks for a last acknowledgement. */
    public void stop() throws InterruptedException {
        stopping = true;
        thread.join(Duration.ofSeconds(120).toMillis());
        if (thread.isAlive()) {
            throw new AssertionError(prefix + ": the sender is still blocked writing after 120 s");
        }
        try {
            sender.send("<r xmlns='" + SM + "'/>");
        } catch (IOException e) {
            throw new AssertionError(prefix + ": the connection is gone: " + e);
        }
    }

    /** Waits until the server acknowledged every message sent (each stored, delivered or bounced). */
    public void awaitAcknowledged(Duration deadline) {
        Await.until(prefix + ": all " + sent() + " messages acknowledged (h=" + acknowledged() + ")", deadline,
                () -> acknowledged() >= sent() || sender.closed());
        if (acknowledged() < sent()) {
            throw new AssertionError(prefix + ": the connection closed with " + acknowledged() + " of " + sent() + " acknowledged");
        }
    }

    /** Whether the sending thread still runs on an open connection. */
    public boolean running() {
        return thread.isAlive() && !sender.closed();
    }

    public int sent() {
        return sent.get();
    }

    public long acknowledged() {
        return sender.acknowledged();
    }

    /** Messages received at least once. */
    public int delivered() {
        return delivered.get();
    }

    /** Receptions beyond the first of a message. */
    public int duplicates() {
        return duplicates.get();
    }

    /** The numbers of the messages the server bounced back with an error. */
    public BitSet errors() {
        synchronized (errors) {
            return (BitSet) errors.clone();
        }
    }

    public String firstError() {
        return firstError.get();
    }

    /** When message {@code n} was sent ({@link System#nanoTime()}), 0 if it was not. */
    public long sentAt(int n) {
        return sentAt.get(n);
    }

    /** What happened to the messages sent between two instants ({@link System#nanoTime()}). */
    public Window window(long fromNanos, long toNanos) {
        int count = 0;
        int arrived = 0;
        long worst = 0;
        for (int n = 1; n <= sent(); n++) {
            long s = sentAt.get(n);
            if (s >= fromNanos && s < toNanos) {
                count++;
                long r = receivedAt.get(n);
                if (r != 0) {
                    arrived++;
                    worst = Math.max(worst, r - s);
                }
            }
        }
        return new Window(count, arrived, worst / 1_000_000);
    }

    /** Messages sent in a time window, how many of them arrived and the slowest arrival. */
    public record Window(int sent, int delivered, long slowestMillis) {

        /** Some messages were sent in the window, all arrived, none later than {@code bound}. */
        public void assertAllDelivered(String when, Duration bound) {
            if (sent == 0 || delivered != sent || slowestMillis > bound.toMillis()) {
                throw new AssertionError("messages sent " + when + ": " + this + ", expected all delivered within " + bound.toMillis() + " ms");
            }
        }
    }

    /** Once the load is stopped and settled: every message delivered once, none bounced, all acknowledged. */
    public void assertExact() {
        String what = prefix + ": " + sent() + " sent, " + delivered() + " delivered, " + duplicates() + " twice, " + errors().cardinality()
                + " bounced (first: " + firstError() + "), " + acknowledged() + " acknowledged";
        if (delivered() != sent() || duplicates() != 0 || !errors().isEmpty() || acknowledged() != sent()) {
            throw new AssertionError(what);
        }
    }

    /** Which of these messages stored stanzas (offline rows, archived messages) hold, and how many they hold twice. */
    public Tally tally(List<String> stanzas) {
        Pattern body = Pattern.compile("<body>" + Pattern.quote(prefix) + "-(\\d+)</body>");
        BitSet numbers = new BitSet();
        int twice = 0;
        for (String s : stanzas) {
            Matcher m = body.matcher(s);
            if (m.find()) {
                int n = Integer.parseInt(m.group(1));
                if (numbers.get(n)) {
                    twice++;
                }
                numbers.set(n);
            }
        }
        return new Tally(numbers, twice);
    }

    /** The message numbers found, and the number of extra copies. */
    public record Tally(BitSet numbers, int duplicates) {
    }

    private void send() {
        StringBuilder xml = new StringBuilder();
        int n = 0;
        try {
            while (!stopping && !sender.closed() && n + batch < CAPACITY) {
                if (intervalNanos == 0 && n - sender.acknowledged() >= FLOOD_WINDOW) {
                    LockSupport.parkNanos(1_000_000); // pacing: wait for the server to take what it has
                    continue;
                }
                xml.setLength(0);
                long now = System.nanoTime();
                for (int i = 0; i < batch; i++) {
                    n++;
                    sentAt.set(n, now);
                    xml.append("<message to='").append(recipients.get(n % recipients.size())).append("' type='chat' id='").append(prefix)
                            .append('-').append(n).append("'><body>").append(prefix).append('-').append(n).append("</body></message>");
                }
                xml.append("<r xmlns='").append(SM).append("'/>");
                sender.send(xml.toString());
                sent.set(n);
                if (intervalNanos > 0) {
                    LockSupport.parkNanos(intervalNanos);
                }
            }
        } catch (IOException e) {
            // the connection went away: the end of the load (the test sees it in running())
        }
    }

    private void fromServer(Element e) {
        if ("message".equals(e.name()) && "error".equals(e.attribute("type"))) {
            int n = number(e.attribute("id"));
            if (n > 0) {
                synchronized (errors) {
                    errors.set(n);
                }
                firstError.compareAndSet(null, e.toString());
            }
        }
    }

    private void toReceiver(Element e) {
        if (!"message".equals(e.name()) || "error".equals(e.attribute("type"))) {
            return;
        }
        int n = number(e.childText("body", "jabber:client"));
        if (n <= 0) {
            return;
        }
        if (receivedCount.getAndIncrement(n) == 0) {
            receivedAt.set(n, System.nanoTime());
            delivered.incrementAndGet();
        } else {
            duplicates.incrementAndGet();
        }
    }

    /** n of {@code <prefix>-n}, or 0 when the text is not one of these messages. */
    private int number(String text) {
        if (text == null || !text.startsWith(prefix + "-")) {
            return 0;
        }
        try {
            int n = Integer.parseInt(text.substring(prefix.length() + 1));
            return n > 0 && n < CAPACITY ? n : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
