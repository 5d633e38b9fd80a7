package net.bluemind.xmpp.server.c2s;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import net.bluemind.xmpp.server.memory.HeldBytes;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;
import net.bluemind.xmpp.xml.XmlWriter;

/**
 * Stanzas on their way to one client, from any thread. Senders only enqueue; the connection's own
 * event loop serializes everything waiting into one buffer and flushes once, so a burst costs one
 * TLS record and one syscall instead of one per stanza.
 *
 * <p>Bounded, in stanzas and in bytes: a client that does not read stops being written to when its socket
 * buffer is full (Netty's writability), and when its queue passes a limit it is disconnected by the owner.
 * The bytes are counted in the session's {@link HeldBytes}, with what it was written but has not
 * acknowledged: a stanza written to a client with stream management stays counted until acknowledged.
 */
final class OutboundQueue {

    private static final AtomicIntegerFieldUpdater<OutboundQueue> SCHEDULED =
            AtomicIntegerFieldUpdater.newUpdater(OutboundQueue.class, "scheduled");
    private static final int BATCH_BYTES = 16 * 1024;
    /**
     * A chat message as delivered (body, receipt request, markers, origin-id, stanza-id) is 550-700 bytes:
     * starting at 1 KiB, one such message does not make the buffer grow (a new pooled block and a copy).
     */
    private static final int INITIAL_BYTES = 1024;

    private final ChannelHandlerContext ctx;
    private final int maxStanzas;
    private final Runnable overflow;
    private final Queue<Element> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final Runnable drainTask = this::drain;
    private volatile int scheduled;
    /** Told of each stanza written; true when it keeps it (stream management, until acknowledged). On the event loop. */
    private java.util.function.Predicate<Element> onWrite;
    /** The session's bytes; unbounded until a resource is bound. */
    private volatile HeldBytes account = HeldBytes.UNBOUNDED;
    /** Run after each flush (stream management asks for an acknowledgement). */
    private Runnable afterFlush;

    /** @param overflow run (once per overflowing offer) when the queue is over its limit */
    OutboundQueue(ChannelHandlerContext ctx, int maxStanzas, Runnable overflow) {
        this.ctx = ctx;
        this.maxStanzas = maxStanzas;
        this.overflow = overflow;
    }

    void offer(Element stanza) {
        if (size.incrementAndGet() > maxStanzas) {
            size.decrementAndGet();
            overflow.run();
            return;
        }
        if (!account.add(stanza.footprint())) {
            size.decrementAndGet();
            overflow.run();
            return;
        }
        queue.offer(stanza);
        if (SCHEDULED.compareAndSet(this, 0, 1)) {
            ctx.executor().execute(drainTask);
        }
    }

    /** Writes what is queued while the socket takes it; called on the event loop. */
    void drain() {
        scheduled = 0;
        if (!ctx.channel().isActive()) {
            return; // the connection's end takes what is left (takeAll)
        }
        ByteBuf buf = null;
        boolean wrote = false;
        while (ctx.channel().isWritable()) {
            Element e = queue.poll();
            if (e == null) {
                break;
            }
            size.decrementAndGet();
            if (onWrite == null || !onWrite.test(e)) {
                account.remove(e.footprint());
            }
            if (buf == null) {
                buf = ctx.alloc().buffer(INITIAL_BYTES);
            }
            XmlWriter.write(e, Namespaces.CLIENT, buf);
            if (buf.readableBytes() >= BATCH_BYTES) {
                ctx.write(buf);
                buf = null;
                wrote = true;
            }
        }
        if (buf != null) {
            ctx.write(buf);
            wrote = true;
        }
        if (wrote) {
            if (afterFlush != null) {
                afterFlush.run();
            }
            ctx.flush();
        }
    }

    /** Counts the queue's bytes in the session's account from now on (the session is bound). */
    void account(HeldBytes sessionBytes) {
        this.account = sessionBytes;
    }

    void onWrite(java.util.function.Predicate<Element> listener, Runnable after) {
        this.onWrite = listener;
        this.afterFlush = after;
    }

    /** Takes what was queued but never written (the connection is gone); it stays counted in the session's bytes. */
    java.util.List<Element> takeAll() {
        java.util.List<Element> out = new java.util.ArrayList<>();
        Element e;
        while ((e = queue.poll()) != null) {
            size.decrementAndGet();
            out.add(e);
        }
        return out;
    }

    int size() {
        return size.get();
    }
}
