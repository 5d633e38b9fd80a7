package net.bluemind.xmpp.server.c2s;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jxmpp.jid.EntityBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import net.bluemind.xmpp.server.hooks.ClientStream;
import net.bluemind.xmpp.server.hooks.OutboundFilter;
import net.bluemind.xmpp.server.inbound.ReadGate;
import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.InboundReceipts;
import net.bluemind.xmpp.server.session.Receipt;
import net.bluemind.xmpp.server.session.StanzaSink;
import net.bluemind.xmpp.server.sm.SmStream;
import net.bluemind.xmpp.server.sm.StreamManagement;
import net.bluemind.xmpp.server.stream.StreamErrorCondition;
import net.bluemind.xmpp.server.stream.StreamErrorException;
import net.bluemind.xmpp.server.stream.StreamOpen;
import net.bluemind.xmpp.server.stream.XmppStreamDecoder;
import net.bluemind.xmpp.server.stream.XmppStreamHandler;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;

/**
 * One client connection, from TCP accept to close: the {@link StreamNegotiation} (RFC 6120 §4–7: STARTTLS, SASL,
 * resource binding) until a session is bound, then stanzas handed to the router, stream management to its
 * {@link SmStream}, and the writing end for stanzas to this client. What every stream does alike (dispatch,
 * failures, the last write) is {@link XmppStreamHandler}'s. Everything here runs on the connection's event loop except {@link #deliver}, {@link #execute} and
 * {@link #closeWithError}, which any thread may call.
 */
public final class C2SConnection extends XmppStreamHandler implements SmStream.Connection, ClientStream, InboundReceipts.Listener {

    private static final Logger log = LoggerFactory.getLogger(C2SConnection.class);
    private static final AtomicLong IDS = new AtomicLong();

    private final C2SServices services;
    private final String id = "c2s-" + Long.toString(IDS.incrementAndGet(), 36);
    private final StreamNegotiation negotiation;

    private ChannelHandlerContext ctx;
    private String remoteIp = "?";
    private OutboundQueue outbound;
    private ScheduledFuture<?> authTimeout;

    private ClientSession session;
    private volatile boolean closing;
    /** The client ended the stream itself, or got a stream error: no resumption to wait for. */
    private boolean cleanClose;
    private final SmStream sm;
    /** The features' filters of what this client is sent (XEP-0352), in the order added; touched on the event loop. */
    private final List<OutboundFilter> filters = new ArrayList<>(1);
    /** Where a stanza for this client goes: through the filters, then the outbound queue. */
    private volatile Consumer<Element> toClient;
    /** The client's stanzas until what they caused is durable (XEP-0198 h, and the flow control of {@link #pause}). */
    private InboundReceipts receipts;
    private ScheduledFuture<?> staleCheck;
    private static final long STALE_CHECK_SECONDS = 30;

    public C2SConnection(C2SServices services, XmppStreamDecoder decoder, boolean directTls) {
        this.services = services;
        this.negotiation = new StreamNegotiation(this, services, decoder, directTls);
        this.sm = new SmStream(this, services.resumable(), services.smResumeSeconds());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.outbound = new OutboundQueue(ctx, services.limits().maxOutboundStanzas(),
                () -> closeWithError(StreamErrorCondition.POLICY_VIOLATION, "too much waiting to be read or acknowledged: the client does not keep up"));
        this.receipts = new InboundReceipts(id, services.limits().memory().maxPendingInboundBytes(),
                services.limits().memory().maxPendingInboundStanzas());
        receipts.listen(this);
        this.toClient = outbound::offer;
        this.outbound.onWrite(sm::written, () -> {
            String r = sm.ackRequestIfNeeded();
            if (r != null) {
                ctx.write(ByteBufUtil.writeUtf8(ctx.alloc(), r), ctx.voidPromise());
            }
        });
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress a) {
            remoteIp = a.getAddress().getHostAddress();
        }
        authTimeout = ctx.executor().schedule(
                () -> closeWithError(StreamErrorCondition.CONNECTION_TIMEOUT, "no authentication in time"),
                services.limits().authTimeoutSeconds(), TimeUnit.SECONDS);
        log.debug("[{}] connected from {}", id, remoteIp);
        ctx.fireChannelActive();
    }

    @Override
    protected boolean ended() {
        return closing;
    }

    @Override
    protected void onStreamOpen(StreamOpen header) {
        negotiation.onStreamOpen(header);
    }

    @Override
    protected void onElement(Element e) {
        if (session != null) {
            onStanza(e);
        } else {
            negotiation.onElement(ctx, e);
        }
    }

    /** A resource binding's outcome (from the negotiation): the session, or null when refused, and the reply. */
    void bindResult(ClientSession bound, Element reply) {
        if (bound != null) {
            session = bound;
            outbound.account(session.held());
            authTimeout.cancel(false);
            log.info("[{}] bound {}", id, session.fullJid());
        }
        outbound.offer(reply);
        if (bound != null) {
            services.hooks().streamBound.fire(this);
        }
    }

    SmStream streamManagement() {
        return sm;
    }

    /** A resumption on another connection took this one's session: close without ending the session. */
    @Override
    public void superseded() {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(this::superseded);
            return;
        }
        // What was queued here but never written follows the session to its new connection.
        java.util.List<Element> left = outbound.takeAll();
        ClientSession s = session;
        StanzaSink now = s == null ? null : s.sink();
        closing = true;
        session = null;
        if (now != null) {
            for (Element e : left) {
                s.held().remove(e.footprint()); // counted again where it goes now
                now.deliver(e);
            }
        }
        ctx.close();
    }

    private void onStanza(Element e) {
        if (StreamManagement.NS.equals(e.namespace())) {
            sm.onElement(e, session, receipts);
            return;
        }
        if (!Namespaces.CLIENT.equals(e.namespace())) {
            ClientStream.ElementHandler feature = services.hooks().clientElement(e.namespace());
            if (feature == null) {
                throw new StreamErrorException(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "unexpected " + e.name() + " element");
            }
            feature.handle(this, e);
            return;
        }
        Receipt receipt = receipts.receive(e.footprint());
        ClientSession sender = session;
        try {
            if (e.is("iq", Namespaces.CLIENT) && (e.firstChild("session", Namespaces.SESSION) != null
                    || e.firstChild("bind", Namespaces.BIND) != null)) {
                deliver(ResourceBinding.afterBind(e, sender));
                return;
            }
            sender.routing(receipt);
            services.router().routeFromClient(sender, e);
        } finally {
            sender.routing(null);
            receipt.release();
        }
    }

    @Override
    protected void onStreamClose() {
        closing = true;
        cleanClose = true;
        outbound.drain();
        writeLastAndClose(ctx, StreamFrames.CLOSE);
    }

    void writeRaw(String xml) {
        ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), xml), ctx.voidPromise());
    }

    @Override
    public void deliver(Element stanza) {
        if (!closing) {
            toClient.accept(stanza);
        }
    }

    @Override
    public ClientSession session() {
        return session;
    }

    @Override
    public void send(Element element) {
        if (!closing) {
            outbound.offer(element);
        }
    }

    /** Rebuilds the way to the client: the filters in the order added, then the outbound queue. */
    @Override
    public void addFilter(OutboundFilter filter) {
        filters.add(filter);
        Consumer<Element> way = outbound::offer;
        for (int i = filters.size() - 1; i >= 0; i--) {
            OutboundFilter f = filters.get(i);
            Consumer<Element> next = way;
            way = stanza -> f.deliver(stanza, next);
        }
        toClient = way;
    }

    @Override
    public void execute(Runnable task) {
        ctx.executor().execute(task);
    }

    /** Back-pressure from the archive (StanzaSink): from any thread. */
    @Override
    public void pauseReading(boolean paused) {
        pauseFor(ReadGate.Reason.BACK_PRESSURE, paused);
    }

    /** Too much of what the client sent is not stored yet (InboundReceipts): from any thread. */
    @Override
    public void pause(boolean paused) {
        pauseFor(ReadGate.Reason.PENDING_STORAGE, paused);
    }

    /** The handled count moved (InboundReceipts), from any thread: an acknowledgement or a resumption may be due. */
    @Override
    public void handled(long handledTotal) {
        sm.handled(handledTotal);
    }

    /**
     * Runs on the connection's event loop; called from storage and archive threads, which must not fail because
     * the server is stopping (the loop then refuses tasks, and there is nothing left to tell this client).
     */
    @Override
    public void onLoop(Runnable task) {
        try {
            ctx.executor().execute(task);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            log.debug("[{}] event loop stopped: {} not run", id, task);
        }
    }

    /** The server is stopping: nothing more is read from this client (what was read is still handled). */
    public void stopReading() {
        pauseFor(ReadGate.Reason.STOPPING, true);
    }

    /** Whether every stanza this client sent is handled (what it caused is durable). */
    public boolean allHandled() {
        return receipts.allHandled();
    }

    /** Through the read gate the shaper also uses, so that none resumes what another paused; from any thread. */
    private void pauseFor(ReadGate.Reason reason, boolean paused) {
        if (!ctx.channel().isActive() || ctx.executor().isShuttingDown()) {
            return; // nothing more is read from a closed connection
        }
        try {
            ReadGate.of(ctx.channel()).hold(reason, paused);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            return;
        }
        if (reason == ReadGate.Reason.PENDING_STORAGE) {
            onLoop(() -> watchStaleReceipts(paused));
        }
    }

    /** While paused for pending work, nothing the client sends shows a forgotten receipt: look now and then. */
    private void watchStaleReceipts(boolean paused) {
        if (paused && staleCheck == null) {
            staleCheck = ctx.executor().scheduleAtFixedRate(receipts::expireStale, STALE_CHECK_SECONDS, STALE_CHECK_SECONDS, TimeUnit.SECONDS);
        } else if (!paused && staleCheck != null) {
            staleCheck.cancel(false);
            staleCheck = null;
        }
    }

    @Override
    public void closeWithError(StreamErrorCondition condition, String text) { // public: ClientStream's
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> closeWithError(condition, text));
            return;
        }
        if (closing) {
            return;
        }
        closing = true;
        cleanClose = true;
        if (condition != StreamErrorCondition.POLICY_VIOLATION) {
            outbound.drain();
        }
        EntityBareJid user = negotiation.user();
        log.info("[{}] {} {}: closing with stream error {}{}", id, remoteIp, user == null ? "" : session != null ? session.fullJid() : user,
                condition.xml(), text == null ? "" : " (" + text + ")");
        String header = negotiation.headerBeforeError();
        // A last acknowledgement: the client need not send again what was handled (XEP-0198 §4 allows it any time).
        String ack = sm.lastAck();
        writeLastAndClose(ctx, header + ack + StreamFrames.error(condition, text));
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            outbound.drain();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    protected void onUserEvent(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent) {
            log.debug("[{}] TLS established", id);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        if (authTimeout != null) {
            authTimeout.cancel(false);
        }
        if (staleCheck != null) {
            staleCheck.cancel(false);
        }
        if (session != null) {
            sm.lost(session, cleanClose);
        }
        log.debug("[{}] disconnected", id);
        ctx.fireChannelInactive();
    }

    @Override
    protected void transportFailed(String why, boolean handshake) {
        if (handshake) {
            log.info("[{}] {}: {}", id, remoteIp, why);
        } else {
            log.debug("[{}] {}: {}", id, remoteIp, why);
        }
        closing = true;
        ctx.close();
    }

    @Override
    protected void unexpected(Throwable cause) {
        log.warn("[{}] unexpected failure, closing the connection", id, cause);
        closeWithError(StreamErrorCondition.INTERNAL_SERVER_ERROR, null);
    }

    /** The connection's id for logs and for the SPI's connection info. */
    @Override
    public String id() {
        return id;
    }

    // --- what stream management needs of this stream (SmStream.Connection), on the event loop ---

    @Override
    public void writeNonza(String xml) {
        writeRaw(xml);
    }

    @Override
    public void resend(Element stanza) {
        outbound.offer(stanza);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return ctx.executor().schedule(task, delay, unit);
    }

    @Override
    public boolean closing() {
        return closing;
    }

    @Override
    public void takeOver(ClientSession resumed, InboundReceipts resumedReceipts) {
        session = resumed;
        outbound.account(session.held());
        receipts = resumedReceipts;
        receipts.listen(this);
        authTimeout.cancel(false);
    }

    @Override
    public void resumed() {
        services.hooks().streamBound.fire(this);
    }

    @Override
    public List<Element> takeUnwritten() {
        return outbound.takeAll();
    }

    @Override
    public void endSession(ClientSession ended, StreamManagement state, List<Element> unwritten) {
        SessionEnd.finish(services, ended, state, unwritten);
    }

    String remoteIp() {
        return remoteIp;
    }
}
