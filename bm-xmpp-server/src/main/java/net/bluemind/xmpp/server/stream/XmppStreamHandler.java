package net.bluemind.xmpp.server.stream;

import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import net.bluemind.xmpp.xml.Element;

/**
 * What every XMPP stream's handler does the same way, client or server, after the {@link XmppStreamDecoder}: it
 * dispatches the stream's headers, elements and end; turns a {@link StreamErrorException} into the stream error it
 * names; tells a broken transport (I/O, TLS) from a bug; and ends a stream with a last write that a peer who
 * does not read cannot hold open. Runs on the channel's event loop.
 */
public abstract class XmppStreamHandler extends ChannelInboundHandlerAdapter {

    /** How long a last write (a stream error, the closing tag) may wait to be read before the connection is closed anyway. */
    private static final long CLOSE_GRACE_SECONDS = 2;

    /** Whether the stream is over on our side: nothing read is handled any more. */
    protected abstract boolean ended();

    protected abstract void onStreamOpen(StreamOpen header);

    protected abstract void onElement(Element element);

    /** The peer sent its closing tag. */
    protected abstract void onStreamClose();

    /** Ends the stream with this error (RFC 6120 §4.9); from any thread. */
    protected abstract void closeWithError(StreamErrorCondition condition, String text);

    /**
     * The connection broke underneath the stream (an I/O or TLS error, or a failed TLS handshake when
     * {@code handshake}, worth telling an administrator): it is closed, no error is sent.
     */
    protected abstract void transportFailed(String why, boolean handshake);

    /** Something failed that should not have (a bug): the stream ends as the handler decides, after a log line with the cause. */
    protected abstract void unexpected(Throwable cause);

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (ended()) {
                return;
            }
            if (msg instanceof Element e) {
                onElement(e);
            } else if (msg instanceof StreamOpen h) {
                onStreamOpen(h);
            } else if (msg instanceof StreamClose) {
                onStreamClose();
            }
        } catch (StreamErrorException e) {
            closeWithError(e.condition(), e.text());
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public final void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof StreamErrorException e) {
            closeWithError(e.condition(), e.text());
        } else if (cause instanceof IOException || cause instanceof SSLException || cause instanceof DecoderException) {
            // DecoderException comes from the TLS layer (SslHandler); the XML decoder reports StreamErrorException.
            transportFailed(rootMessage(cause), false);
        } else {
            unexpected(cause);
        }
    }

    @Override
    public final void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent hs && !hs.isSuccess()) {
            transportFailed("TLS handshake failed: " + rootMessage(hs.cause()), true);
            return;
        }
        onUserEvent(ctx, evt);
    }

    /** Any other event (a completed TLS handshake, idleness): passed on unless the handler takes it. */
    protected void onUserEvent(ChannelHandlerContext ctx, Object evt) {
        ctx.fireUserEventTriggered(evt);
    }

    /**
     * Writes the stream's last words and closes the connection once they are written, or after a grace period if
     * the peer does not read them (a write to a peer that never reads never completes).
     */
    protected static void writeLastAndClose(ChannelHandlerContext ctx, String xml) {
        ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), xml)).addListener(ChannelFutureListener.CLOSE);
        ScheduledFuture<?> late = ctx.executor().schedule(() -> ctx.close(), CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
        // Most peers read it: the timer goes with the connection rather than wait out its 2 s.
        ctx.channel().closeFuture().addListener(f -> late.cancel(false));
    }

    /** The innermost cause's message, for a log line. */
    protected static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
}
