package net.bluemind.xmpp.server.c2s;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.jxmpp.jid.EntityBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import net.bluemind.xmpp.server.admission.ConnectionAdmission;
import net.bluemind.xmpp.server.sm.StreamManagement;
import net.bluemind.xmpp.server.stream.StreamErrorCondition;
import net.bluemind.xmpp.server.stream.StreamErrorException;
import net.bluemind.xmpp.server.stream.StreamOpen;
import net.bluemind.xmpp.server.stream.XmppStreamDecoder;
import net.bluemind.xmpp.spi.AuthRepository;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;
import net.bluemind.xmpp.xml.XmlChars;

/**
 * The negotiation of one client stream (RFC 6120 §4–7): stream headers and their features, STARTTLS, SASL, then
 * resource binding or an XEP-0198 resumption. Its connection hands it every element until a session is bound,
 * and every stream header. On the connection's event loop only.
 */
final class StreamNegotiation {

    private static final Logger log = LoggerFactory.getLogger(StreamNegotiation.class);

    private final C2SConnection connection;
    private final C2SServices services;
    private final XmppStreamDecoder decoder;
    private boolean tls;
    private boolean headerSent;
    private String streamTo;
    private String domain;
    private SaslExchange sasl;
    private EntityBareJid user;

    StreamNegotiation(C2SConnection connection, C2SServices services, XmppStreamDecoder decoder, boolean directTls) {
        this.connection = connection;
        this.services = services;
        this.decoder = decoder;
        this.tls = directTls;
    }

    /** The authenticated account, or null before SASL succeeds. */
    EntityBareJid user() {
        return user;
    }

    /** What a stream error must be preceded by: our stream header when the client has not had it yet (RFC 6120 §4.9.1.1). */
    String headerBeforeError() {
        return headerSent ? "" : StreamFrames.header(streamTo, null);
    }

    void onStreamOpen(StreamOpen h) {
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
        log.debug("[{}] stream opened to {} ({})", connection.id(), h.to(), tls ? user == null ? "TLS" : "authenticated" : "plain");
        String header = StreamFrames.header(h.to(), Long.toHexString(ThreadLocalRandom.current().nextLong()));
        headerSent = true;
        connection.writeRaw(header + StreamFrames.features(features()));
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

    /** An element before a session is bound. */
    void onElement(ChannelHandlerContext ctx, Element e) {
        if (user != null) {
            onBeforeBind(e);
        } else if (tls) {
            onSaslPhase(ctx, e);
        } else {
            onBeforeTls(ctx, e);
        }
    }

    private void onBeforeTls(ChannelHandlerContext ctx, Element e) {
        if (e.is("starttls", Namespaces.TLS)) {
            log.debug("[{}] STARTTLS for {}", connection.id(), domain);
            connection.writeRaw("<proceed xmlns='" + Namespaces.TLS + "'/>");
            SslHandler handler = services.sslContext(domain).newHandler(ctx.alloc());
            ctx.pipeline().addFirst("tls", handler);
            tls = true;
            restartStream();
        } else if (e.is("auth", Namespaces.SASL)) {
            // RFC 6120 §6.5.5: no mechanism, PLAIN least of all, runs over an unencrypted stream here.
            log.info("[{}] {} tried to authenticate before STARTTLS: refused", connection.id(), connection.remoteIp());
            connection.writeRaw(SaslExchange.failureXml("encryption-required", "use STARTTLS first"));
        } else {
            outOfOrder(e, "STARTTLS is required first");
        }
    }

    private void onSaslPhase(ChannelHandlerContext ctx, Element e) {
        if (!Namespaces.SASL.equals(e.namespace())) {
            outOfOrder(e, "authenticate first");
            return;
        }
        if (sasl == null) {
            sasl = new SaslExchange(services, domain, new AuthRepository.ConnectionInfo(connection.id(), connection.remoteIp(), true),
                    (authenticated, failures) -> onSaslEnd(ctx, authenticated, failures), connection::writeRaw, connection.id());
        }
        sasl.onElement(e, ctx.executor());
    }

    /** Called when a SASL exchange has ended: with the account's bare JID, or null after a failure. */
    private void onSaslEnd(ChannelHandlerContext ctx, EntityBareJid authenticated, int failures) {
        sasl = authenticated == null ? sasl : null;
        if (authenticated != null) {
            user = authenticated;
            decoder.authenticated();
            ConnectionAdmission.authenticated(ctx.channel());
            restartStream();
            log.info("[{}] {} authenticated from {}", connection.id(), user, connection.remoteIp());
        } else if (failures >= services.maxAuthAttempts()) {
            connection.closeWithError(StreamErrorCondition.POLICY_VIOLATION, "too many failed authentication attempts");
        }
    }

    private void onBeforeBind(Element e) {
        if (e.is("iq", Namespaces.CLIENT) && e.firstChild("bind", Namespaces.BIND) != null) {
            ResourceBinding.Result r = ResourceBinding.bind(e, user, connection.id(), connection, services);
            connection.bindResult(r.session(), r.reply());
        } else if (StreamManagement.NS.equals(e.namespace())) {
            connection.streamManagement().beforeBind(e, user);
        } else {
            outOfOrder(e, "bind a resource first");
        }
    }

    private static void outOfOrder(Element e, String why) {
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

    /** After STARTTLS or SASL the client opens a new stream (RFC 6120 §5.4.3.3, §6.4.6). */
    private void restartStream() {
        decoder.reset();
        headerSent = false;
    }
}
