package net.bluemind.xmpp.server.inbound;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import net.bluemind.xmpp.server.config.InboundRateConfig;
import net.bluemind.xmpp.xml.Element;

/**
 * The inbound shaper of one connection, like ejabberd's shapers and Prosody's mod_limits: a token bucket
 * of bytes (placed before the XML decoder) or of stanzas (after it, where top-level elements come out).
 * When the bucket is empty the connection's reading is paused through its {@link ReadGate} until the
 * bucket has refilled: that connection slows down to the sustained rate, nothing is dropped, nobody is
 * disconnected, and no other connection is affected.
 *
 * <p>What was read already still goes through (a read is never undone); it becomes a debt paid by waiting.
 * Nothing is allocated per read unless the connection has to be paused.
 */
public final class InboundShaper extends ChannelInboundHandlerAdapter {

    private final boolean countBytes;
    private final long perSecond;
    private final long burst;
    private final ReadGate.Reason reason;
    private final Runnable resume = this::resume;
    private TokenBucket bucket;
    private ChannelHandlerContext ctx;
    private ReadGate gate;
    private ScheduledFuture<?> pending;

    private InboundShaper(boolean countBytes, long perSecond, long burst) {
        this.countBytes = countBytes;
        this.perSecond = perSecond;
        this.burst = burst;
        this.reason = countBytes ? ReadGate.Reason.BYTE_RATE : ReadGate.Reason.STANZA_RATE;
    }

    /** Bytes as read from the socket (after TLS): goes before the XML decoder. */
    public static InboundShaper bytes(InboundRateConfig c) {
        return new InboundShaper(true, c.bytesPerSecond(), c.burstBytes());
    }

    /** Top-level elements: goes after the XML decoder. */
    public static InboundShaper stanzas(InboundRateConfig c) {
        return new InboundShaper(false, c.stanzasPerSecond(), c.burstStanzas());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.gate = ReadGate.of(ctx.channel());
        this.bucket = new TokenBucket(perSecond, burst, System.nanoTime());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        long cost = countBytes ? msg instanceof ByteBuf b ? b.readableBytes() : 0 : msg instanceof Element ? 1 : 0;
        if (cost > 0) {
            long wait = bucket.take(cost, System.nanoTime());
            if (wait > 0 && pending == null) {
                gate.hold(reason, true);
                pending = ctx.executor().schedule(resume, wait, TimeUnit.NANOSECONDS);
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** The wait is over; what was read meanwhile may have added to the debt, so wait for that too. */
    private void resume() {
        pending = null;
        long wait = bucket.take(0, System.nanoTime());
        if (wait > 0) {
            pending = ctx.executor().schedule(resume, wait, TimeUnit.NANOSECONDS);
        } else {
            gate.hold(reason, false);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    /** Whether this shaper holds the connection's reading now (tests, metrics). */
    public boolean pausing() {
        return pending != null;
    }
}
