package net.bluemind.xmpp.server.s2s;

import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import net.bluemind.xmpp.server.stream.StreamErrorCondition;
import net.bluemind.xmpp.server.stream.StreamErrorException;
import net.bluemind.xmpp.server.stream.StreamOpen;
import net.bluemind.xmpp.server.stream.XmppStreamDecoder;
import net.bluemind.xmpp.server.stream.XmppStreamHandler;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;
import net.bluemind.xmpp.xml.XmlChars;
import net.bluemind.xmpp.xml.XmlWriter;

/**
 * A stream we open to another server (RFC 6120 §4–6, XEP-0220): header, STARTTLS with SNI, then SASL
 * EXTERNAL when the peer offers it and its certificate is valid for its domain, else Server Dialback.
 * Either it carries a link's stanzas once authenticated, or (verification) it asks the authoritative
 * server one {@code db:verify} question and closes.
 */
final class S2sOutboundStream extends XmppStreamHandler {

    private static final Logger log = LoggerFactory.getLogger(S2sOutboundStream.class);
    private static final int BATCH_BYTES = 16 * 1024;

    /** What the stream reports; called on its event loop. */
    interface Outcome {
        /** Authenticated: stanzas may flow (link streams only). */
        void ready(S2sOutboundStream stream);

        /** The answer to a db:verify (verification streams only). */
        void verified(boolean valid);

        /** Could not authenticate, or closed; {@code afterReady} tells whether it had been ready. */
        void ended(String why, boolean afterReady);
    }

    /** A verification question: is {@code key} right for the stream {@code streamId} (XEP-0220 §2.1.2)? */
    record VerifyQuestion(String streamId, String key) {
    }

    private final S2sServices services;
    private final XmppStreamDecoder decoder;
    private final String local;
    private final String remote;
    private final OutboundLink link;
    private final VerifyQuestion question;
    private final Outcome outcome;
    private final String id;

    private ChannelHandlerContext ctx;
    private boolean tls;
    private boolean saslDone;
    private boolean dialbackSent;
    private boolean ready;
    private boolean ended;
    private boolean reported;
    /** The id the peer gave its stream: our dialback key depends on it. */
    private String streamId;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();

    S2sOutboundStream(S2sServices services, XmppStreamDecoder decoder, String local, String remote, OutboundLink link,
                      VerifyQuestion question, boolean directTls, Outcome outcome, String id) {
        this.services = services;
        this.decoder = decoder;
        this.local = local;
        this.remote = remote;
        this.link = link;
        this.question = question;
        this.tls = directTls;
        this.outcome = outcome;
        this.id = id;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        log.debug("[{}] connected to {} for {} -> {}", id, ctx.channel().remoteAddress(), local, remote);
        sendHeader();
        ctx.fireChannelActive();
    }

    private void sendHeader() {
        write(S2sFrames.header(local, remote, null));
    }

    @Override
    protected boolean ended() {
        return ended;
    }

    @Override
    protected void onStreamClose() {
        end("the peer closed the stream");
    }

    @Override
    protected void onStreamOpen(StreamOpen h) {
        if (!h.qualifiedOk() || !Namespaces.SERVER.equals(h.contentNamespace())) {
            throw new StreamErrorException(StreamErrorCondition.INVALID_NAMESPACE, "expected a jabber:server stream");
        }
        streamId = h.id();
    }

    @Override
    protected void onElement(Element e) {
        String ns = e.namespace();
        if (Namespaces.STREAMS.equals(ns) && "features".equals(e.name())) {
            onFeatures(e);
        } else if (Namespaces.STREAMS.equals(ns) && "error".equals(e.name())) {
            end("stream error from the peer: " + describeError(e));
        } else if (e.is("proceed", Namespaces.TLS)) {
            startTls();
        } else if (e.is("failure", Namespaces.TLS)) {
            end("the peer refused STARTTLS");
        } else if (e.is("success", Namespaces.SASL)) {
            saslDone = true;
            decoder.reset();
            decoder.authenticated();
            sendHeader();
        } else if (e.is("failure", Namespaces.SASL)) {
            log.info("[{}] {} refused SASL EXTERNAL for {}", id, remote, local);
            if (!dialback()) {
                end("SASL EXTERNAL refused, and dialback is not allowed (strict)");
            }
        } else if (e.is("result", S2sFrames.DIALBACK)) {
            onDialbackResult(e);
        } else if (e.is("verify", S2sFrames.DIALBACK)) {
            onVerifyAnswer(e);
        } else if (ready) {
            log.debug("[{}] unexpected {} from {} on an outgoing stream, ignored", id, e.name(), remote);
        }
    }

    private void onFeatures(Element features) {
        if (ready) {
            return;
        }
        if (!tls && features.firstChild("starttls", Namespaces.TLS) != null) {
            write("<starttls xmlns='" + Namespaces.TLS + "'/>");
            return;
        }
        if (!tls && question == null) {
            // Stanzas never travel in the clear; only a verification question (a one-time key) may.
            end("the peer does not offer STARTTLS");
            return;
        }
        if (question != null) {
            write(S2sFrames.dialback("verify", local, remote, question.streamId(), null, question.key()));
            return;
        }
        if (saslDone) {
            becomeReady("SASL EXTERNAL");
            return;
        }
        if (tls && offersExternal(features) && services.verifier().validFor(PeerChain.of(ctx.pipeline()), remote)) {
            write("<auth xmlns='" + Namespaces.SASL + "' mechanism='EXTERNAL'>" + Base64.getEncoder().encodeToString(local.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "</auth>");
            return;
        }
        if (!dialback()) {
            end("the peer's certificate is not valid for " + remote + " or it offers no SASL EXTERNAL, and dialback is not allowed (strict)");
        }
    }

    private static boolean offersExternal(Element features) {
        Element mechanisms = features.firstChild("mechanisms", Namespaces.SASL);
        if (mechanisms == null) {
            return false;
        }
        for (Element m : mechanisms.childElements()) {
            if ("EXTERNAL".equals(m.text())) {
                return true;
            }
        }
        return false;
    }

    /** XEP-0220 §2.1.1: our key for this stream; the peer asks our authoritative server whether it is right. */
    private boolean dialback() {
        if (services.policy().strict() || dialbackSent) {
            return false;
        }
        if (streamId == null) {
            end("the peer's stream header has no id: no dialback possible");
            return true;
        }
        dialbackSent = true;
        write(S2sFrames.dialback("result", local, remote, null, null, services.keys().key(remote, local, streamId)));
        return true;
    }

    private void onDialbackResult(Element e) {
        String type = e.attribute("type");
        if ("valid".equals(type)) {
            becomeReady("dialback");
        } else {
            end("dialback " + (type == null ? "answer without type" : type) + " from " + remote);
        }
    }

    private void onVerifyAnswer(Element e) {
        if (question == null || ended) {
            return;
        }
        boolean valid = "valid".equals(e.attribute("type")) && question.streamId().equals(e.attribute("id"));
        outcome.verified(valid);
        ended = true;
        reported = true;
        ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), S2sFrames.CLOSE)).addListener(ChannelFutureListener.CLOSE);
    }

    private void becomeReady(String how) {
        ready = true;
        log.info("[{}] outgoing stream {} -> {} authenticated by {}{}", id, local, remote, how, tls ? " over TLS" : "");
        outcome.ready(this);
    }

    private void startTls() {
        SslHandler handler = services.clientContext(local).newHandler(ctx.alloc(), remote, 5269);
        ctx.pipeline().addFirst("tls", handler);
        tls = true;
        decoder.reset();
        sendHeader();
    }

    /** Any thread: asks the event loop to write what the link holds. */
    void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            ctx.executor().execute(this::drain);
        }
    }

    private void drain() {
        drainScheduled.set(false);
        if (ended || !ctx.channel().isActive()) {
            return;
        }
        ByteBuf buf = null;
        boolean wrote = false;
        Element e;
        while (ctx.channel().isWritable() && (e = link.poll()) != null) {
            if (buf == null) {
                buf = ctx.alloc().buffer(512);
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
            ctx.flush();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && ready) {
            drain();
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void write(String xml) {
        ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), xml), ctx.voidPromise());
    }

    /** Ends the stream politely (idle, shutdown; any thread): what the link holds afterwards goes to a new stream or bounces. */
    void closeIdle() {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(this::closeIdle);
            return;
        }
        if (!ended) {
            log.debug("[{}] {} -> {} idle: closing", id, local, remote);
            ended = true;
            ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), S2sFrames.CLOSE)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    protected void closeWithError(StreamErrorCondition condition, String text) {
        if (ended) {
            return;
        }
        log.info("[{}] {} -> {}: closing with stream error {} ({})", id, local, remote, condition.xml(), text);
        ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), S2sFrames.error(condition, text))).addListener(ChannelFutureListener.CLOSE);
        end(text);
    }

    private void end(String why) {
        if (!ended) {
            ended = true;
            ctx.close();
        }
        report(why);
    }

    private void report(String why) {
        if (!reported) {
            reported = true;
            if (!ready) {
                log.info("[{}] outgoing stream {} -> {} failed: {}", id, local, remote, why);
            }
            outcome.ended(why, ready);
        }
    }

    @Override
    protected void onUserEvent(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            closeIdle();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ended = true;
        report("connection closed");
        ctx.fireChannelInactive();
    }

    @Override
    protected void transportFailed(String why, boolean handshake) {
        end(why);
    }

    @Override
    protected void unexpected(Throwable cause) {
        log.warn("[{}] unexpected failure on {} -> {}", id, local, remote, cause);
        end(cause.toString());
    }

    private static String describeError(Element error) {
        for (Element c : error.childElements()) {
            if (Namespaces.STREAM_ERRORS.equals(c.namespace()) && !"text".equals(c.name())) {
                String text = error.childText("text", Namespaces.STREAM_ERRORS);
                // The peer's words go to our log: short and on one line.
                return c.name() + (text == null ? "" : " (" + XmlChars.quote(text) + ")");
            }
        }
        return "unknown";
    }
}
