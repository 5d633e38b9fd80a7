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
import net.bluemind.xmpp.server.sm.DetachedSink;
import net.bluemind.xmpp.server.sm.ResumableSessions;
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
public final class C2SConnection extends ChannelInboundHandlerAdapter implements StanzaSink, ClientStream, InboundReceipts.Listener {

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
    private final SmController sm;
    /** The features' filters of what this client is sent (XEP-0352), in the order added; touched on the event loop. */
    private final List<OutboundFilter> filters = new ArrayList<>(1);
    /** Where a stanza for this client goes: through the filters, then the outbound queue. */
    private volatile Consumer<Element> toClient;
    /** The client's stanzas until what they caused is durable (XEP-0198 h, and the flow control of {@link #pause}). */
    private InboundReceipts receipts;
    private ScheduledFuture<?> staleCheck;
    /** While a resumption waits for the lost connection's stanzas to be handled: where the session was. */
    private volatile StanzaSink resumedFrom;
    private ScheduledFuture<?> resumeDeadline;
    private static final long RESUME_WAIT_SECONDS = 5;
    private static final long STALE_CHECK_SECONDS = 30;
    /** How long a stream error may wait to be read before the connection is closed anyway. */
    private static final long CLOSE_GRACE_SECONDS = 2;

    public C2SConnection(C2SServices services, XmppStreamDecoder decoder, boolean directTls) {
        this.services = services;
        this.decoder = decoder;
        this.tls = directTls;
        this.sm = new SmController(services);
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
        if (e.is("resume", StreamManagement.NS)) {
            resume(e);
            return;
        }
        if (e.is("enable", StreamManagement.NS)) {
            writeElement(StreamManagement.failed("unexpected-request"));
            return;
        }
        outOfOrder(e, "bind a resource first");
    }

    /** XEP-0198 §5: a new connection takes over a session whose connection was lost. */
    private void resume(Element e) {
        ResumableSessions.Entry entry = services.resumable().find(e.attribute("previd"));
        long h;
        try {
            h = Long.parseLong(e.attribute("h"));
        } catch (NumberFormatException | NullPointerException ex) {
            writeElement(StreamManagement.failed("bad-request"));
            return;
        }
        if (entry == null || !entry.session().bareJid().equals(user) || !entry.sm().cancelExpiry()) {
            writeElement(StreamManagement.failed("item-not-found"));
            return;
        }
        StreamManagement state = entry.sm();
        if (!state.acknowledge(h)) {
            writeElement(StreamManagement.failed("unexpected-request"));
            return;
        }
        resumedFrom = entry.session().sink();
        session = entry.session();
        outbound.account(session.held());
        sm.adopt(state);
        receipts = state.receipts();
        receipts.listen(this);
        authTimeout.cancel(false);
        if (state.allHandled()) {
            finishResume();
        } else {
            // The h of <resumed/> must be final: the client sends again what it does not count. Stanzas of the
            // lost connection still being stored are waited for, a while.
            resumeDeadline = ctx.executor().schedule(this::finishResume, RESUME_WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Answers a resumption once the stanzas of the lost connection are handled (or the wait is over). */
    private void finishResume() {
        StanzaSink previous = resumedFrom;
        if (previous == null || closing) {
            return;
        }
        resumedFrom = null;
        if (resumeDeadline != null) {
            resumeDeadline.cancel(false);
            resumeDeadline = null;
        }
        StreamManagement state = sm.state();
        writeElement(Element.builder("resumed", StreamManagement.NS)
                .attribute("previd", state.id()).attribute("h", Long.toString(state.handled())).build());
        state.attach(this, outbound::offer);
        session.rebind(this);
        services.hooks().streamBound.fire(this);
        if (previous instanceof C2SConnection old && old != this) {
            old.supersede();
        }
        log.info("[{}] resumed {} ({} stanzas sent again)", id, session.fullJid(), state.unackedCount());
    }

    /** A resumption on another connection took this one's session: close without ending the session. */
    private void supersede() {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(this::supersede);
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
            onStreamManagement(e);
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

    private void onStreamManagement(Element e) {
        switch (e.name()) {
            case "enable" -> {
                Element answer = sm.enable(e, session, receipts);
                writeElement(answer);
                if (answer.name().equals("enabled")) {
                    log.debug("[{}] stream management enabled{}", id, sm.state().resumable() ? " with resumption" : "");
                }
            }
            case "r", "a" -> {
                receipts.expireStale();
                String answer = sm.onAckElement(e);
                if (answer != null) {
                    writeRaw(answer);
                }
            }
            case "resume" -> writeElement(StreamManagement.failed("unexpected-request"));
            default -> throw new StreamErrorException(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "unexpected '" + e.name() + "'");
        }
    }

    private void writeElement(Element e) {
        writeRaw(net.bluemind.xmpp.xml.XmlWriter.toXml(e, Namespaces.CLIENT));
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
        if (resumedFrom != null) {
            onLoop(() -> {
                if (receipts.allHandled()) {
                    finishResume();
                }
            });
        } else if (sm.ackOwed() && ctx.channel().isActive()) {
            onLoop(() -> {
                String a = sm.owedAck(handledTotal);
                if (a != null && !closing) {
                    writeRaw(a);
                }
            });
        }
    }

    /**
     * Runs on the connection's event loop; called from storage and archive threads, which must not fail because
     * the server is stopping (the loop then refuses tasks, and there is nothing left to tell this client).
     */
    private void onLoop(Runnable task) {
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
        String ack = sm.state() == null ? "" : "<a xmlns='" + StreamManagement.NS + "' h='" + sm.state().handled() + "'/>";
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
        if (resumeDeadline != null) {
            resumeDeadline.cancel(false);
        }
        ClientSession s = session;
        if (s != null && resumedFrom != null) {
            // Lost again while the resumption waited: the session's wait was cancelled, so it ends here.
            resumedFrom = null;
            SessionEnd.finish(services, s, sm.state(), java.util.List.of());
        } else if (s != null && s.sink() == this) {
            StreamManagement state = sm.state();
            java.util.List<Element> unwritten = outbound.takeAll();
            if (state != null && state.resumable() && !cleanClose) {
                waitForResumption(s, state, unwritten);
            } else {
                SessionEnd.finish(services, s, state, unwritten);
            }
        }
        log.debug("[{}] disconnected", id);
        ctx.fireChannelInactive();
    }

    /** XEP-0198: the session stays, its stanzas held, until the client resumes or the time is up. */
    private void waitForResumption(ClientSession s, StreamManagement state, java.util.List<Element> unwritten) {
        Runnable end = () -> {
            if (s.sink() instanceof DetachedSink) {
                SessionEnd.finish(services, s, state, java.util.List.of());
                log.info("[{}] {} not resumed in time: session ended", id, s.fullJid());
            }
        };
        state.detach(unwritten);
        s.rebind(new DetachedSink(state, () -> ctx.executor().execute(() -> {
            if (state.cancelExpiry()) {
                end.run();
            }
        })));
        state.setExpiry(ctx.executor().schedule(end, state.maxSeconds(), TimeUnit.SECONDS));
        log.info("[{}] connection of {} lost: waiting {} s for a resumption", id, s.fullJid(), state.maxSeconds());
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
    public String id() {
        return id;
    }

    String remoteIp() {
        return remoteIp;
    }
}
