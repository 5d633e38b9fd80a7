package net.bluemind.xmpp.server.c2s;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import javax.net.ssl.SSLException;

import org.jxmpp.jid.EntityBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import net.bluemind.xmpp.server.admission.ConnectionAdmission;
import net.bluemind.xmpp.server.hooks.ClientStream;
import net.bluemind.xmpp.server.hooks.OutboundFilter;
import net.bluemind.xmpp.server.inbound.ReadGate;
import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.InboundReceipts;
import net.bluemind.xmpp.server.session.Receipt;
import net.bluemind.xmpp.server.sm.SmStream;
import net.bluemind.xmpp.server.sm.StreamManagement;
import net.bluemind.xmpp.server.session.StanzaSink;
import net.bluemind.xmpp.server.stream.StreamClose;
import net.bluemind.xmpp.server.stream.StreamErrorCondition;
import net.bluemind.xmpp.server.stream.StreamErrorException;
import net.bluemind.xmpp.server.stream.StreamOpen;
import net.bluemind.xmpp.server.stream.XmppStreamDecoder;
import net.bluemind.xmpp.spi.AuthRepository;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;
import net.bluemind.xmpp.xml.XmlChars;

/**
 * One client connection, from TCP accept to close: stream negotiation (RFC 6120 §4–7: STARTTLS,
 * SASL, resource binding), then stanzas handed to the router, and the writing end for stanzas to
 * this client. Everything here runs on the connection's event loop except {@link #deliver}, {@link #execute} and
 * {@link #closeWithError}, which any thread may call.
 */
public final class C2SConnection extends ChannelInboundHandlerAdapter implements SmStream.Connection, ClientStream, InboundReceipts.Listener {

    private static final Logger log = LoggerFactory.getLogger(C2SConnection.class);
    private static final AtomicLong IDS = new AtomicLong();

    private final C2SServices services;
    private final XmppStreamDecoder decoder;
    private final String id = "c2s-" + Long.toString(IDS.incrementAndGet(), 36);
    private boolean tls;

    private ChannelHandlerContext ctx;
    private String remoteIp = "?";
    private OutboundQueue outbound;
    private ScheduledFuture<?> authTimeout;

    private boolean awaitingStream = true;
    private boolean headerSent;
    private String streamTo;
    private String domain;
    private SaslExchange sasl;
    private EntityBareJid user;
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
    /** How long a stream error may wait to be read before the connection is closed anyway. */
    private static final long CLOSE_GRACE_SECONDS = 2;

    public C2SConnection(C2SServices services, XmppStreamDecoder decoder, boolean directTls) {
        this.services = services;
        this.decoder = decoder;
        this.tls = directTls;
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
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (closing) {
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

    private void onStreamOpen(StreamOpen h) {
        awaitingStream = false;
        streamTo = h.to();
        if (!h.qualifiedOk() || !Namespaces.CLIENT.equals(h.contentNamespace())) {
            throw new StreamErrorException(StreamErrorCondition.INVALID_NAMESPACE,
                    "expected a jabber:client stream header, got " + h.describe());
        }
        if (h.to() == null) {
            throw new StreamErrorException(StreamErrorCondition.HOST_UNKNOWN, "the stream header names no domain ('to')");
        }
        String canonical = services.vhosts().canonical(h.to());
        if (canonical == null || domain != null && !domain.equals(canonical)) {
            streamTo = null;
            throw new StreamErrorException(StreamErrorCondition.HOST_UNKNOWN, "'" + XmlChars.quote(h.to()) + "' is not served here");
        }
        if (!supportedVersion(h.version())) {
            throw new StreamErrorException(StreamErrorCondition.UNSUPPORTED_VERSION, "XMPP 1.0 streams only");
        }
        domain = canonical;
        log.debug("[{}] stream opened to {} ({})", id, h.to(), tls ? user == null ? "TLS" : "authenticated" : "plain");
        String header = StreamFrames.header(h.to(), Long.toHexString(ThreadLocalRandom.current().nextLong()));
        headerSent = true;
        writeRaw(header + StreamFrames.features(features()));
    }

    private static boolean supportedVersion(String version) {
        if (version == null) {
            return false;
        }
        int dot = version.indexOf('.');
        String major = dot < 0 ? version : version.substring(0, dot);
        return "1".equals(major.trim());
    }

    private List<Element> features() {
        List<Element> out = new ArrayList<>(4);
        if (!tls) {
            out.add(StreamFrames.startTlsFeature());
        } else if (user == null) {
            out.add(StreamFrames.mechanismsFeature(services.sasl().offered(domain, true)));
        } else {
            out.add(StreamFrames.bindFeature());
            out.add(StreamFrames.sessionFeature());
            out.addAll(services.processors().streamFeatures());
        }
        return out;
    }

    private void onElement(Element e) {
        if (session != null) {
            onStanza(e);
        } else if (user != null) {
            onBeforeBind(e);
        } else if (tls) {
            onSaslPhase(e);
        } else {
            onBeforeTls(e);
        }
    }

    private void onBeforeTls(Element e) {
        if (e.is("starttls", Namespaces.TLS)) {
            startTls();
        } else if (e.is("auth", Namespaces.SASL)) {
            // RFC 6120 §6.5.5: no mechanism, PLAIN least of all, runs over an unencrypted stream here.
            log.info("[{}] {} tried to authenticate before STARTTLS: refused", id, remoteIp);
            writeRaw(SaslExchange.failureXml("encryption-required", "use STARTTLS first"));
        } else {
            outOfOrder(e, "STARTTLS is required first");
        }
    }

    private void startTls() {
        log.debug("[{}] STARTTLS for {}", id, domain);
        writeRaw("<proceed xmlns='" + Namespaces.TLS + "'/>");
        SslHandler handler = services.sslContext(domain).newHandler(ctx.alloc());
        ctx.pipeline().addFirst("tls", handler);
        tls = true;
        restartStream();
    }

    private void onSaslPhase(Element e) {
        if (!Namespaces.SASL.equals(e.namespace())) {
            outOfOrder(e, "authenticate first");
            return;
        }
        if (sasl == null) {
            sasl = new SaslExchange(services, domain, new AuthRepository.ConnectionInfo(id, remoteIp, true), this::onSaslEnd, this::writeRaw, id);
        }
        sasl.onElement(e, ctx.executor());
    }

    /** Called when a SASL exchange has ended: with the account's bare JID, or null after a failure. */
    private void onSaslEnd(EntityBareJid authenticated, int failures) {
        sasl = authenticated == null ? sasl : null;
        if (authenticated != null) {
            user = authenticated;
            decoder.authenticated();
            ConnectionAdmission.authenticated(ctx.channel());
            restartStream();
            log.info("[{}] {} authenticated from {}", id, user, remoteIp);
        } else if (failures >= services.maxAuthAttempts()) {
            closeWithError(StreamErrorCondition.POLICY_VIOLATION, "too many failed authentication attempts");
        }
    }

    private void onBeforeBind(Element e) {
        if (e.is("iq", Namespaces.CLIENT) && e.firstChild("bind", Namespaces.BIND) != null) {
            ResourceBinding.Result r = ResourceBinding.bind(e, user, id, this, services);
            if (r.session() != null) {
                session = r.session();
                outbound.account(session.held());
                authTimeout.cancel(false);
                log.info("[{}] bound {}", id, session.fullJid());
            }
            outbound.offer(r.reply());
            if (r.session() != null) {
                services.hooks().streamBound.fire(this);
            }
            return;
        }
        if (StreamManagement.NS.equals(e.namespace())) {
            sm.beforeBind(e, user);
            return;
        }
        outOfOrder(e, "bind a resource first");
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

    private void outOfOrder(Element e, String why) {
        boolean stanza = Namespaces.CLIENT.equals(e.namespace())
                && ("message".equals(e.name()) || "presence".equals(e.name()) || "iq".equals(e.name()));
        if (stanza) {
            throw new StreamErrorException(StreamErrorCondition.NOT_AUTHORIZED, why);
        }
        if (Namespaces.TLS.equals(e.namespace()) || Namespaces.SASL.equals(e.namespace())) {
            throw new StreamErrorException(StreamErrorCondition.POLICY_VIOLATION, "'" + e.name() + "' is not allowed now: " + why);
        }
        throw new StreamErrorException(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "unexpected '" + e.name() + "' element");
    }

    private void restartStream() {
        decoder.reset();
        awaitingStream = true;
        headerSent = false;
    }

    private void onStreamClose() {
        closing = true;
        cleanClose = true;
        outbound.drain();
        ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), StreamFrames.CLOSE)).addListener(ChannelFutureListener.CLOSE);
    }

    private void writeRaw(String xml) {
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
    public void closeWithError(StreamErrorCondition condition, String text) {
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
        log.info("[{}] {} {}: closing with stream error {}{}", id, remoteIp, user == null ? "" : session != null ? session.fullJid() : user,
                condition.xml(), text == null ? "" : " (" + text + ")");
        String header = headerSent ? "" : StreamFrames.header(awaitingStream && streamTo == null ? null : streamTo, null);
        // A last acknowledgement: the client need not send again what was handled (XEP-0198 §4 allows it any time).
        String ack = sm.lastAck();
        ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), header + ack + StreamFrames.error(condition, text)))
                .addListener(ChannelFutureListener.CLOSE);
        // A client that does not read never lets that write complete: it is closed all the same, a little later.
        ctx.executor().schedule(() -> ctx.close(), CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            outbound.drain();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent hs && hs.isSuccess()) {
            log.debug("[{}] TLS established", id);
        }
        if (evt instanceof SslHandshakeCompletionEvent hs && !hs.isSuccess()) {
            log.info("[{}] {}: TLS handshake failed: {}", id, remoteIp, rootMessage(hs.cause()));
            closing = true;
            ctx.close();
            return;
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
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof StreamErrorException e) {
            closeWithError(e.condition(), e.text());
        } else if (cause instanceof DecoderException && cause.getCause() instanceof SSLException || cause instanceof SSLException) {
            log.debug("[{}] TLS error: {}", id, rootMessage(cause));
            closing = true;
            ctx.close();
        } else if (cause instanceof IOException) {
            log.debug("[{}] I/O error: {}", id, cause.getMessage());
            closing = true;
            ctx.close();
        } else {
            log.warn("[{}] unexpected failure, closing the connection", id, cause);
            closeWithError(StreamErrorCondition.INTERNAL_SERVER_ERROR, null);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
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
