package net.bluemind.xmpp.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The client side of RFC 6120 stream negotiation, from the first stream header to a bound resource: optional
 * STARTTLS, SASL PLAIN, resource binding, and the legacy session when the server requires it.
 *
 * <p>
 * It decides what to send next from the server's answers; the connection does the I/O (sending, stream restarts,
 * adding TLS) and reports the outcome. Dropped once the connection is online, so idle connections do not keep it.
 */
final class LoginNegotiation {

    /** Handshake steps; for failures, also what the client was waiting for. */
    enum Step {
        CONNECT("connect", "the TCP connection"), //
        TLS("tls", "the TLS handshake"), //
        STREAM("stream", "the server's stream header and <stream:features/>"), //
        STARTTLS("starttls", "<proceed/> after <starttls/>"), //
        SASL("sasl", "<success/> after <auth mechanism='PLAIN'/>"), //
        BIND("bind", "the result of the resource bind iq"), //
        SESSION("session", "the result of the session iq");

        final String label;
        final String awaiting;

        Step(String label, String awaiting) {
            this.label = label;
            this.awaiting = awaiting;
        }
    }

    private final XmppClientConnection connection;
    private final ConnectionSettings settings;
    private Step step = Step.CONNECT;
    private boolean authenticated;
    private boolean sessionRequired;

    LoginNegotiation(XmppClientConnection connection, ConnectionSettings settings) {
        this.connection = connection;
        this.settings = settings;
    }

    Step step() {
        return step;
    }

    void tlsHandshakeStarted() {
        step = Step.TLS;
    }

    /** A (new) stream header was sent: features are expected next. */
    void streamOpened() {
        step = Step.STREAM;
    }

    /** A top-level element received before the connection is online (stream errors excepted). */
    void element(XmlElement el) {
        switch (el.name()) {
        case "features" -> features(el);
        case "proceed" -> proceed(el);
        case "success" -> saslSuccess(el);
        case "failure", "challenge" -> connection.loginFailed(step,
                "the server answered <" + el.name() + "/> " + el.condition(), el, true);
        case "iq" -> iqResult(el);
        default -> {
            // presence or messages pushed before we are online are not part of the negotiation
        }
        }
    }

    private void features(XmlElement features) {
        if (!features.is("features", Ns.STREAMS) || step != Step.STREAM) {
            unexpected(features);
        } else if (authenticated) {
            XmlElement session = features.child("session", Ns.SESSION);
            sessionRequired = session != null && session.child("optional") == null;
            if (features.child("bind", Ns.BIND) == null) {
                connection.loginFailed(Step.BIND, "the server does not offer resource binding after authentication",
                        features, true);
                return;
            }
            step = Step.BIND;
            connection.send(ClientStanzas.bind(settings.resource()));
        } else if (settings.tlsMode() == TlsMode.STARTTLS && !connection.tlsActive()) {
            if (features.child("starttls", Ns.TLS) == null) {
                connection.loginFailed(Step.STARTTLS, "the server does not offer STARTTLS", features, true);
                return;
            }
            step = Step.STARTTLS;
            connection.send(ClientStanzas.STARTTLS);
        } else {
            List<String> mechanisms = mechanisms(features);
            if (mechanisms.isEmpty() && features.child("starttls", Ns.TLS) != null) {
                connection.loginFailed(Step.SASL, "the server wants TLS before authentication (use --tls starttls)",
                        features, true);
                return;
            }
            if (!mechanisms.contains("PLAIN")) {
                connection.loginFailed(Step.SASL, "the server does not offer SASL PLAIN (offers " + mechanisms + ")",
                        features, true);
                return;
            }
            step = Step.SASL;
            connection.send(ClientStanzas.authPlain(connection.localpart(), settings.password()));
        }
    }

    private static List<String> mechanisms(XmlElement features) {
        List<String> names = new ArrayList<>();
        XmlElement mechs = features.child("mechanisms", Ns.SASL);
        if (mechs != null) {
            for (XmlElement m : mechs.children()) {
                names.add(m.text().trim());
            }
        }
        return names;
    }

    private void proceed(XmlElement proceed) {
        if (!proceed.is("proceed", Ns.TLS) || step != Step.STARTTLS) {
            unexpected(proceed);
            return;
        }
        step = Step.TLS;
        connection.startTls();
    }

    private void saslSuccess(XmlElement success) {
        if (!success.is("success", Ns.SASL) || step != Step.SASL) {
            unexpected(success);
            return;
        }
        authenticated = true;
        connection.restartStream();
    }

    private void iqResult(XmlElement iq) {
        String type = iq.attr("type");
        String id = iq.attr("id");
        if (step == Step.BIND && ClientStanzas.BIND_ID.equals(id)) {
            bound(iq, type);
        } else if (step == Step.SESSION && ClientStanzas.SESSION_ID.equals(id)) {
            if ("result".equals(type)) {
                connection.loginSucceeded();
            } else {
                connection.loginFailed(Step.SESSION, "session establishment refused: " + iq.condition(), iq, true);
            }
        }
    }

    private void bound(XmlElement iq, String type) {
        if (!"result".equals(type)) {
            connection.loginFailed(Step.BIND, "resource binding refused: " + iq.condition(), iq, true);
            return;
        }
        XmlElement bind = iq.child("bind", Ns.BIND);
        XmlElement jid = bind == null ? null : bind.child("jid");
        if (jid == null) {
            connection.loginFailed(Step.BIND, "bind result without <jid/>", iq, true);
            return;
        }
        connection.bound(jid.text().trim());
        if (sessionRequired) {
            step = Step.SESSION;
            connection.send(ClientStanzas.SESSION);
        } else {
            connection.loginSucceeded();
        }
    }

    private void unexpected(XmlElement el) {
        connection.loginFailed(step, "unexpected <" + el.name() + "/> while waiting for " + step.awaiting, el, false);
    }
}
