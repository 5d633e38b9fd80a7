package net.bluemind.xmpp.bench;

import java.util.concurrent.TimeUnit;

import javax.xml.stream.XMLStreamException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * One client connection as a Netty handler: carries the XMPP stream (parser per stream, stream restarts, TLS
 * upgrade), runs the {@link LoginNegotiation}, then hands stanzas to the scenario once online, answers the server's
 * requests, and closes politely.
 *
 * <p>
 * Confined to the channel's event loop except for {@link #close()}. Fields are few because the generator holds tens
 * of thousands of these; the XML parser is the only sizeable per-connection state.
 */
final class XmppClientConnection extends ChannelInboundHandlerAdapter implements XmppStreamParser.Handler {

    private enum Phase {
        LOGGING_IN, ONLINE, CLOSING, CLOSED
    }

    private final ConnectionSettings settings;
    private final String localpart;
    private final ConnectionListener listener;

    private volatile Channel channel;
    private ChannelHandlerContext ctx;
    private XmppStreamParser parser;
    /** Non-null only while logging in. */
    private LoginNegotiation negotiation;
    private LoginNegotiation.Step failedAt;
    private ScheduledFuture<?> loginTimer;
    private Phase phase = Phase.LOGGING_IN;
    /** True once onOnline or onLoginFailed has been reported: each connection reports exactly one of them. */
    private boolean settled;
    private long startNanos;
    private long onlineNanos;
    private String boundJid;
    private Object attachment;

    XmppClientConnection(ConnectionSettings settings, String localpart, ConnectionListener listener) {
        this.settings = settings;
        this.localpart = localpart;
        this.listener = listener;
        this.negotiation = new LoginNegotiation(this, settings);
    }

    // ---- accessors used by scenarios -----------------------------------------------------------------------------

    String localpart() {
        return localpart;
    }

    String boundJid() {
        return boundJid;
    }

    /** Time from the connect attempt to being online (bind done), in nanoseconds. */
    long loginNanos() {
        return onlineNanos - startNanos;
    }

    boolean isOnline() {
        return phase == Phase.ONLINE;
    }

    boolean isWritable() {
        return ctx != null && ctx.channel().isWritable();
    }

    /** Scenario state hung on the connection (saves a map lookup per received stanza). */
    Object attachment() {
        return attachment;
    }

    void attach(Object value) {
        this.attachment = value;
    }

    // ---- sending (event loop only) -------------------------------------------------------------------------------

    /** Queues without flushing, so callers can batch many stanzas into one syscall / TLS record. */
    void write(String xml) {
        ctx.write(ByteBufUtil.writeUtf8(ctx.alloc(), xml), ctx.voidPromise());
    }

    void flush() {
        ctx.flush();
    }

    void send(String xml) {
        ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), xml), ctx.voidPromise());
    }

    // ---- services for the login negotiation ----------------------------------------------------------------------

    boolean tlsActive() {
        return ctx.pipeline().get(SslHandler.class) != null;
    }

    /** Starts a (new) stream: a fresh parser, since each stream is a new XML document. */
    void restartStream() {
        discardParser();
        parser = new XmppStreamParser(this);
        negotiation.streamOpened();
        send(ClientStanzas.streamHeader(settings.domain()));
    }

    /** After {@code <proceed/>}: TLS goes in front of the stream, then the stream restarts over it. */
    void startTls() {
        // The old stream is over; anything after <proceed/> in the current buffer would belong to the TLS layer.
        discardParser();
        SslHandler ssl = settings.tls().newHandler(ctx.alloc());
        ctx.pipeline().addFirst("tls", ssl);
        ssl.handshakeFuture().addListener(this::tlsHandshakeDone);
    }

    void bound(String jid) {
        this.boundJid = jid;
    }

    void loginSucceeded() {
        settled = true;
        cancelLoginTimer();
        negotiation = null;
        onlineNanos = System.nanoTime();
        phase = Phase.ONLINE;
        if (settings.sendPresence()) {
            send(ClientStanzas.PRESENCE);
        }
        listener.onOnline(this);
    }

    void loginFailed(LoginNegotiation.Step at, String reason, XmlElement serverReply, boolean rejected) {
        if (settled) {
            return;
        }
        settled = true;
        failedAt = at;
        cancelLoginTimer();
        boolean streamOpen = parser != null;
        discardParser();
        phase = Phase.CLOSED;
        listener.onLoginFailed(this,
                new LoginFailure(at.label, reason, serverReply == null ? null : serverReply.toXml(), rejected));
        if (ctx != null) {
            if (streamOpen && ctx.channel().isActive()) {
                send(ClientStanzas.STREAM_CLOSE);
            }
            ctx.close();
        }
    }

    // ---- lifecycle -----------------------------------------------------------------------------------------------

    /** Called by the pipeline right before connecting, so login time includes the TCP connect. */
    void connecting() {
        startNanos = System.nanoTime();
    }

    /** The TCP connect itself failed (refused, timeout, no local port left...). */
    void connectFailed(Throwable cause) {
        loginFailed(LoginNegotiation.Step.CONNECT, describe(cause), null, false);
    }

    /**
     * Ends the stream politely: sends {@code </stream:stream>} and waits (at most the close timeout) for the server to
     * close TCP, so TIME_WAIT sockets pile up on the server side, not on the generator's limited ephemeral ports.
     * Thread-safe; returns the channel's close future (null if there is no channel).
     */
    ChannelFuture close() {
        Channel ch = channel;
        if (ch == null) {
            return null;
        }
        if (ch.eventLoop().inEventLoop()) {
            closeOnLoop();
        } else {
            ch.eventLoop().execute(this::closeOnLoop);
        }
        return ch.closeFuture();
    }

    private void closeOnLoop() {
        if (phase == Phase.CLOSING || phase == Phase.CLOSED || ctx == null) {
            return;
        }
        if (!settled) {
            loginFailed(currentStep(), "closed by the benchmark before the login completed", null, false);
            return;
        }
        phase = Phase.CLOSING;
        send(ClientStanzas.STREAM_CLOSE);
        ChannelHandlerContext c = ctx;
        c.executor().schedule(() -> {
            c.close();
        }, settings.closeTimeoutMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.channel = ctx.channel();
        if (startNanos == 0) {
            startNanos = System.nanoTime();
        }
        loginTimer = ctx.executor().schedule(this::loginTimedOut, settings.loginTimeoutMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (settings.tlsMode() == TlsMode.DIRECT) {
            negotiation.tlsHandshakeStarted();
            ctx.pipeline().get(SslHandler.class).handshakeFuture().addListener(this::tlsHandshakeDone);
        } else {
            restartStream();
        }
        ctx.fireChannelActive();
    }

    private void tlsHandshakeDone(Future<?> f) {
        if (settled) {
            return;
        }
        if (f.isSuccess()) {
            restartStream();
        } else {
            loginFailed(LoginNegotiation.Step.TLS, "TLS handshake failed: " + describe(f.cause()), null, false);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (parser != null) {
                parser.feed(buf);
            }
        } catch (XMLStreamException e) {
            protocolError("the server sent malformed XML: " + e.getMessage());
        } finally {
            buf.release();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (phase == Phase.ONLINE) {
            listener.onWritabilityChanged(this, ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        discardParser();
        if (!settled) {
            loginFailed(currentStep(), "the server closed the connection while waiting for " + awaited(), null,
                    false);
        } else if (phase == Phase.ONLINE) {
            lost("the server closed the connection");
        }
        phase = Phase.CLOSED;
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String what = describe(cause);
        if (!settled) {
            loginFailed(currentStep(), what, null, false);
        } else if (phase == Phase.ONLINE) {
            lost(what);
        }
        ctx.close();
    }

    private void loginTimedOut() {
        if (!settled) {
            loginFailed(currentStep(), "no answer within " + settings.loginTimeoutMillis() / 1000
                    + " s while waiting for " + awaited(), null, false);
        }
    }

    // ---- incoming XML --------------------------------------------------------------------------------------------

    @Override
    public void streamOpened(XmlElement header) {
        if (!header.is("stream", Ns.STREAMS)) {
            protocolError("expected <stream:stream>, got " + header.toXml());
        }
    }

    @Override
    public void streamClosed() {
        if (phase == Phase.CLOSING) {
            // Our close was answered. Let the server drop TCP first so that the TIME_WAIT state lands on its side;
            // the timer armed by closeOnLoop() closes from here if it does not.
            discardParser();
        } else if (!settled) {
            loginFailed(currentStep(), "the server closed the stream while waiting for " + awaited(), null, false);
        } else if (phase == Phase.ONLINE) {
            lost("the server closed the stream");
            send(ClientStanzas.STREAM_CLOSE);
            ctx.close();
        }
    }

    @Override
    public void element(XmlElement el) {
        if (el.is("error", Ns.STREAMS)) {
            streamError(el);
        } else if (el.name().equals("iq") && isRequest(el.attr("type"))) {
            answerRequest(el);
        } else if (phase == Phase.LOGGING_IN) {
            negotiation.element(el);
        } else if (phase == Phase.ONLINE) {
            onlineStanza(el);
        }
    }

    private void onlineStanza(XmlElement el) {
        boolean error = "error".equals(el.attr("type"));
        if (error && (el.name().equals("message") || el.name().equals("presence") || el.name().equals("iq"))) {
            listener.onStanzaError(this, el);
        } else if (el.name().equals("message")) {
            listener.onMessage(this, el, System.nanoTime());
        } else if (el.name().equals("iq") && "result".equals(el.attr("type"))) {
            listener.onIqResult(this, el, System.nanoTime());
        } else if (el.name().equals("presence")) {
            listener.onPresence(this, el, System.nanoTime());
        }
    }

    private static boolean isRequest(String type) {
        return "get".equals(type) || "set".equals(type);
    }

    /** XEP-0199 pings get a result; anything else the error RFC 6120 8.4 asks for. */
    private void answerRequest(XmlElement iq) {
        String id = iq.attr("id");
        if (id == null || phase == Phase.CLOSING || phase == Phase.CLOSED) {
            return;
        }
        String from = iq.attr("from");
        // roster pushes (RFC 6121 2.1.6) are acknowledged like pings
        boolean known = iq.child("ping", Ns.PING) != null
                || ("set".equals(iq.attr("type")) && iq.child("query", Ns.ROSTER) != null);
        send(known ? ClientStanzas.iqResult(id, from)
                : ClientStanzas.iqServiceUnavailable(id, from));
    }

    private void streamError(XmlElement error) {
        if (!settled) {
            loginFailed(currentStep(), "stream error " + error.condition(), error, true);
        } else if (phase == Phase.ONLINE) {
            listener.onStanzaError(this, error);
            lost("stream error " + error.condition());
            ctx.close();
        }
    }

    private void protocolError(String reason) {
        if (!settled) {
            loginFailed(currentStep(), reason, null, false);
        } else if (phase == Phase.ONLINE) {
            lost(reason);
        }
        discardParser();
        ctx.close();
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private void lost(String reason) {
        phase = Phase.CLOSED;
        listener.onLost(this, reason);
    }

    private void cancelLoginTimer() {
        if (loginTimer != null) {
            loginTimer.cancel(false);
            loginTimer = null;
        }
    }

    private void discardParser() {
        if (parser != null) {
            parser.discard();
            parser = null;
        }
    }

    private LoginNegotiation.Step currentStep() {
        if (negotiation != null) {
            return negotiation.step();
        }
        return failedAt != null ? failedAt : LoginNegotiation.Step.CONNECT;
    }

    private String awaited() {
        return currentStep().awaiting;
    }

    /** An exception as one line, with a hint for the errors a load generator typically runs into. */
    static String describe(Throwable cause) {
        Throwable t = cause;
        while (t instanceof DecoderException && t.getCause() != null) {
            t = t.getCause();
        }
        String msg = t.getMessage();
        String s = t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
        if (msg != null && msg.contains("Cannot assign requested address")) {
            s += " (no local port left for this source address: add --source-addresses)";
        } else if (msg != null && msg.contains("Too many open files")) {
            s += " (raise the file descriptor limit: ulimit -n)";
        }
        return s;
    }
}
