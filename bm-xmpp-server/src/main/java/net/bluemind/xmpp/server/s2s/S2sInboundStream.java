package net.bluemind.xmpp.server.s2s;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import net.bluemind.xmpp.server.admission.ConnectionAdmission;
import net.bluemind.xmpp.server.jid.Jids;
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
 * A stream another server opened to us on 5269: STARTTLS (the certificate of the domain named in
 * {@code to}), then SASL EXTERNAL (its certificate valid for the domain it claims) or Server Dialback
 * (XEP-0220: its key checked with its authoritative server over a fresh connection). Several domain
 * pairs may be authenticated on one stream (dialback piggybacking). Stanzas are then checked
 * (RFC 6120 §4.9.3: valid addresses, {@code to} a served domain, and the pair of their domains one that
 * was authenticated on this stream) and handed on.
 */
final class S2sInboundStream extends XmppStreamHandler {

    private static final Logger log = LoggerFactory.getLogger(S2sInboundStream.class);

    private final S2sServices services;
    private final S2sManager manager;
    private final XmppStreamDecoder decoder;
    private final String id;

    private ChannelHandlerContext ctx;
    private String remoteIp = "?";
    private ScheduledFuture<?> authTimeout;
    private boolean tls;
    private boolean headerSent;
    private String streamId;
    private String localDomain;
    private String claimedFrom;
    private boolean saslDone;
    private boolean closing;
    /**
     * The domain pairs authenticated on this stream: remote domain → our domains it may send to. SASL
     * EXTERNAL authenticates the pair of the stream header; each valid dialback result adds one
     * (XEP-0220 §2.2.1: stanzas are accepted "for the verified domain pair", not for every domain we serve).
     */
    private final Map<String, Set<String>> authenticated = new HashMap<>();

    S2sInboundStream(S2sServices services, S2sManager manager, XmppStreamDecoder decoder, String id) {
        this.services = services;
        this.manager = manager;
        this.decoder = decoder;
        this.id = id;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress a) {
            remoteIp = a.getAddress().getHostAddress();
        }
        authTimeout = ctx.executor().schedule(() -> {
            if (authenticated.isEmpty()) {
                closeWithError(StreamErrorCondition.CONNECTION_TIMEOUT, "no authentication in time");
            }
        }, services.limits().authTimeoutSeconds(), TimeUnit.SECONDS);
        log.debug("[{}] server connection from {}", id, remoteIp);
        ctx.fireChannelActive();
    }

    @Override
    protected boolean ended() {
        return closing;
    }

    @Override
    protected void onStreamClose() {
        closing = true;
        writeLastAndClose(ctx, S2sFrames.CLOSE);
    }

    @Override
    protected void onStreamOpen(StreamOpen h) {
        if (!h.qualifiedOk() || !Namespaces.SERVER.equals(h.contentNamespace())) {
            throw new StreamErrorException(StreamErrorCondition.INVALID_NAMESPACE, "expected a jabber:server stream header");
        }
        String to = h.to() == null ? null : services.vhosts().canonical(h.to());
        if (to == null || !services.policy().localEnabled(to)) {
            throw new StreamErrorException(StreamErrorCondition.HOST_UNKNOWN,
                    h.to() == null ? "the stream header names no domain ('to')" : "'" + XmlChars.quote(h.to()) + "' is not served here");
        }
        if (localDomain != null && !localDomain.equals(to)) {
            throw new StreamErrorException(StreamErrorCondition.HOST_UNKNOWN, "the restarted stream names another domain");
        }
        localDomain = to;
        claimedFrom = h.from() == null ? null : h.from().toLowerCase(Locale.ROOT);
        if (claimedFrom != null && !services.policy().remoteAllowed(claimedFrom)) {
            throw new StreamErrorException(StreamErrorCondition.POLICY_VIOLATION, "federation with " + XmlChars.quote(claimedFrom) + " is not allowed");
        }
        streamId = Long.toHexString(ThreadLocalRandom.current().nextLong()) + Long.toHexString(ThreadLocalRandom.current().nextLong());
        headerSent = true;
        write(S2sFrames.header(localDomain, claimedFrom, streamId) + "<stream:features>" + features() + "</stream:features>");
    }

    private String features() {
        StringBuilder sb = new StringBuilder();
        if (!tls) {
            sb.append("<starttls xmlns='").append(Namespaces.TLS).append("'><required/></starttls>");
            return sb.toString();
        }
        if (!saslDone && claimedFrom != null && services.verifier().validFor(PeerChain.of(ctx.pipeline()), claimedFrom)) {
            sb.append("<mechanisms xmlns='").append(Namespaces.SASL).append("'><mechanism>EXTERNAL</mechanism></mechanisms>");
        }
        if (!services.policy().strict()) {
            sb.append("<dialback xmlns='").append(S2sFrames.DIALBACK_FEATURE).append("'><errors/></dialback>");
        }
        return sb.toString();
    }

    @Override
    protected void onElement(Element e) {
        if (e.is("starttls", Namespaces.TLS) && !tls) {
            write("<proceed xmlns='" + Namespaces.TLS + "'/>");
            ctx.pipeline().addFirst("tls", services.serverContext(localDomain).newHandler(ctx.alloc()));
            tls = true;
            decoder.reset();
            return;
        }
        if (!tls) {
            // Our features said STARTTLS is required: no authentication and no stanza in the clear.
            throw new StreamErrorException(StreamErrorCondition.POLICY_VIOLATION, "STARTTLS first");
        }
        if (e.is("auth", Namespaces.SASL)) {
            onExternal(e);
        } else if (e.is("result", S2sFrames.DIALBACK)) {
            onDialbackResult(e);
        } else if (e.is("verify", S2sFrames.DIALBACK)) {
            onVerifyQuestion(e);
        } else if (Namespaces.CLIENT.equals(e.namespace()) && isStanza(e)) {
            onStanza(e);
        } else {
            throw new StreamErrorException(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "unexpected '" + e.name() + "' element");
        }
    }

    private static boolean isStanza(Element e) {
        return "message".equals(e.name()) || "presence".equals(e.name()) || "iq".equals(e.name());
    }

    /** RFC 6120 §6.4 with XEP-0178: the identity is the certificate's, for the domain the stream header claimed. */
    private void onExternal(Element auth) {
        String authzid = auth.text() == null ? "" : auth.text().trim();
        String identity = claimedFrom;
        if (!authzid.isEmpty() && !"=".equals(authzid)) {
            try {
                // Strict UTF-8 (RFC 3629): an overlong or broken sequence is an encoding error, not a U+FFFD to compare.
                identity = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Base64.getDecoder().decode(authzid)))
                        .toString().toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException | CharacterCodingException e) {
                saslFailure("incorrect-encoding");
                return;
            }
        }
        if (!"EXTERNAL".equals(auth.attribute("mechanism")) || saslDone) {
            saslFailure("invalid-mechanism");
            return;
        }
        if (identity == null || !identity.equals(claimedFrom) || !services.verifier().validFor(PeerChain.of(ctx.pipeline()), identity)) {
            saslFailure("not-authorized");
            return;
        }
        saslDone = true;
        authenticatedAs(identity, localDomain, "SASL EXTERNAL");
        decoder.reset();
        write("<success xmlns='" + Namespaces.SASL + "'/>");
    }

    private void saslFailure(String condition) {
        log.info("[{}] {} ({}): SASL EXTERNAL refused: {}", id, claimedFrom, remoteIp, condition);
        write("<failure xmlns='" + Namespaces.SASL + "'><" + condition + "/></failure>");
    }

    /** XEP-0220 §2.1: the originating server's key, checked with the authoritative server of its domain. */
    private void onDialbackResult(Element e) {
        String from = lower(e.attribute("from"));
        String to = e.attribute("to") == null ? null : services.vhosts().canonical(e.attribute("to"));
        String key = e.text();
        if (from == null || to == null || key == null || key.isBlank()) {
            write(S2sFrames.dialback("result", e.attribute("to"), e.attribute("from"), null, "error", null));
            return;
        }
        if (services.policy().strict() || !services.policy().allows(to, from)) {
            write("<db:result from='" + XmlWriter.escape(to, true) + "' to='" + XmlWriter.escape(from, true) + "' type='error'>"
                    + "<error type='cancel'><policy-violation xmlns='" + Namespaces.STANZA_ERRORS + "'/></error></db:result>");
            return;
        }
        String stream = streamId;
        manager.verifyDialback(to, from, stream, key.trim()).whenComplete((valid, failure) -> ctx.executor().execute(() -> {
            boolean ok = failure == null && Boolean.TRUE.equals(valid);
            if (closing) {
                return;
            }
            if (ok) {
                authenticatedAs(from, to, "dialback");
            } else {
                log.info("[{}] {} ({}): dialback key refused by its authoritative server", id, from, remoteIp);
            }
            write(S2sFrames.dialback("result", to, from, null, ok ? "valid" : "invalid", null));
        }));
    }

    /** XEP-0220 §2.1.2: we are the authoritative server, asked whether our key is right. */
    private void onVerifyQuestion(Element e) {
        String receiving = lower(e.attribute("from"));
        String originating = e.attribute("to") == null ? null : services.vhosts().canonical(e.attribute("to"));
        String stream = e.attribute("id");
        boolean valid = receiving != null && originating != null
                && services.keys().valid(e.text(), receiving, originating, stream);
        log.debug("[{}] dialback verification for {} -> {}: {}", id, originating, receiving, valid ? "valid" : "invalid");
        write(S2sFrames.dialback("verify", e.attribute("to"), e.attribute("from"), stream, valid ? "valid" : "invalid", null));
    }

    private void authenticatedAs(String remote, String local, String how) {
        authenticated.computeIfAbsent(domainKey(remote), r -> new HashSet<>()).add(local);
        decoder.authenticated(); // the pre-authentication byte budget no longer applies
        ConnectionAdmission.authenticated(ctx.channel());
        authTimeout.cancel(false);
        log.info("[{}] incoming stream {} -> {} authenticated by {} from {}", id, remote, local, how, remoteIp);
    }

    /**
     * RFC 6120 §4.9.3: a stanza without valid addresses (RFC 7622) gets improper-addressing (§4.9.3.7), one
     * to a domain we do not serve host-unknown (§4.9.3.6), one whose domain pair was not authenticated on
     * this stream invalid-from (§4.9.3.10: its 'from' is not a domain validated for that recipient).
     */
    private void onStanza(Element stanza) {
        if (authenticated.isEmpty()) {
            throw new StreamErrorException(StreamErrorCondition.NOT_AUTHORIZED, "authenticate first");
        }
        Jid from = Jids.parse(stanza.attribute("from"));
        Jid to = Jids.parse(stanza.attribute("to"));
        if (from == null || to == null) {
            throw new StreamErrorException(StreamErrorCondition.IMPROPER_ADDRESSING, "a server's stanza needs valid 'from' and 'to' (RFC 7622)");
        }
        String local = services.vhosts().canonical(to.getDomain().toString());
        if (local == null || !services.policy().localEnabled(local)) {
            throw new StreamErrorException(StreamErrorCondition.HOST_UNKNOWN, "'" + XmlChars.quote(to.getDomain()) + "' is not served here");
        }
        String remote = from.getDomain().toString();
        Set<String> locals = authenticated.get(remote);
        if (locals == null) {
            throw new StreamErrorException(StreamErrorCondition.INVALID_FROM,
                    "'" + XmlChars.quote(remote) + "' is not a domain authenticated on this stream");
        }
        if (!locals.contains(local)) {
            throw new StreamErrorException(StreamErrorCondition.INVALID_FROM,
                    "'" + XmlChars.quote(remote) + "' is authenticated on this stream to " + locals + ", not to '" + local + "'");
        }
        manager.incoming(stanza);
    }

    /** A domain as the domainpart of a stanza's JID reads once prepared (RFC 7622 §3.2), so the two compare. */
    private static String domainKey(String domain) {
        Jid jid = Jids.parse(domain);
        return jid == null ? domain : jid.getDomain().toString();
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private void write(String xml) {
        ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), xml), ctx.voidPromise());
    }

    @Override
    protected void closeWithError(StreamErrorCondition condition, String text) {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> closeWithError(condition, text));
            return;
        }
        if (closing) {
            return;
        }
        closing = true;
        log.info("[{}] {} ({}): closing with stream error {} ({})", id, claimedFrom, remoteIp, condition.xml(), text);
        String header = headerSent ? "" : S2sFrames.header(localDomain, null, null);
        writeLastAndClose(ctx, header + S2sFrames.error(condition, text));
    }

    @Override
    protected void onUserEvent(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (!closing) {
                onStreamClose();
            }
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
        log.debug("[{}] server connection from {} closed", id, remoteIp);
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
        log.warn("[{}] unexpected failure on a server stream from {}", id, remoteIp, cause);
        closeWithError(StreamErrorCondition.INTERNAL_SERVER_ERROR, null);
    }
}
