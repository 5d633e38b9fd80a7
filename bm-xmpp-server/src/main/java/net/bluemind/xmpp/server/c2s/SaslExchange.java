package net.bluemind.xmpp.server.c2s;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.util.concurrent.EventExecutor;
import net.bluemind.xmpp.server.sasl.SaslMechanism;
import net.bluemind.xmpp.server.sasl.SaslStep;
import net.bluemind.xmpp.server.stream.StreamErrorCondition;
import net.bluemind.xmpp.server.stream.StreamErrorException;
import net.bluemind.xmpp.spi.AuthRepository;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;
import net.bluemind.xmpp.xml.XmlWriter;

/**
 * The SASL negotiation of one connection (RFC 6120 §6): auth, challenges and responses, abort,
 * success or failure, with brute-force throttling. Mechanisms answer asynchronously (the account
 * repository may be remote); their answers are handled back on the connection's event loop.
 */
final class SaslExchange {

    /** How a SASL attempt ended: the account's bare JID, or null after a failure (with the failure count so far). */
    interface Outcome {
        void ended(EntityBareJid authenticated, int failures);
    }

    private static final Logger log = LoggerFactory.getLogger(SaslExchange.class);
    /** Failures that say something about the credentials, so count towards throttling. */
    private static final Set<String> CREDENTIAL_FAILURES = Set.of("not-authorized", "invalid-authzid", "account-disabled", "credentials-expired");

    private final C2SServices services;
    private final String domain;
    private final AuthRepository.ConnectionInfo connection;
    private final Outcome outcome;
    private final Consumer<String> writer;
    private final String logId;

    private SaslMechanism mechanism;
    private boolean pending;
    private int failures;
    /** The throttle's name for the account the current attempt names, once its mechanism has asked the gate. */
    private volatile String accountKey;

    SaslExchange(C2SServices services, String domain, AuthRepository.ConnectionInfo connection, Outcome outcome,
                 Consumer<String> writer, String logId) {
        this.services = services;
        this.domain = domain;
        this.connection = connection;
        this.outcome = outcome;
        this.writer = writer;
        this.logId = logId;
    }

    void onElement(Element e, EventExecutor loop) {
        if (pending) {
            throw new StreamErrorException(StreamErrorCondition.POLICY_VIOLATION, "SASL element sent before the previous one was answered");
        }
        switch (e.name()) {
            case "auth" -> start(e, loop);
            case "response" -> {
                if (mechanism == null) {
                    fail("malformed-request", "response without auth", false);
                    return;
                }
                byte[] data = decode(e.text());
                if (data != null) {
                    evaluate(data, loop);
                }
            }
            case "abort" -> fail("aborted", "client aborted", false);
            default -> throw new StreamErrorException(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "unexpected SASL element '" + e.name() + "'");
        }
    }

    private void start(Element auth, EventExecutor loop) {
        String name = auth.attribute("mechanism");
        mechanism = null;
        if (services.throttle().isBlocked(connection.remoteAddress(), null)) {
            fail("temporary-auth-failure", "too many failed attempts from " + connection.remoteAddress(), false);
            return;
        }
        accountKey = null;
        mechanism = name == null ? null : services.sasl().create(name, domain, connection, this::admit);
        if (mechanism == null) {
            fail("invalid-mechanism", "mechanism '" + name + "' is not offered", false);
            return;
        }
        String initial = auth.text().trim();
        if (initial.isEmpty()) {
            // No initial response: RFC 6120 §6.4.2 asks for an empty challenge, answered by the client's first message.
            writer.accept("<challenge xmlns='" + Namespaces.SASL + "'>=</challenge>");
            return;
        }
        byte[] data = decode(initial);
        if (data != null) {
            evaluate(data, loop);
        }
    }

    /**
     * The gate of every attempt: the login is resolved to its account, whose lockout is checked before any
     * credential is. A locked account gets the same answer whatever the password. Runs on the thread that
     * completes the resolution; the key is read back on the event loop after the mechanism's answer.
     */
    private CompletionStage<SaslStep.Failure> admit(String username) {
        return services.accountKeys().of(domain, username).handle((key, error) -> {
            if (error != null) {
                return new SaslStep.Failure("temporary-auth-failure", "account repository failed resolving the login: " + error);
            }
            accountKey = key;
            if (services.throttle().isBlocked(connection.remoteAddress(), key)) {
                return new SaslStep.Failure("temporary-auth-failure", "account " + key + " locked after repeated failures");
            }
            return null;
        });
    }

    private byte[] decode(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.equals("=")) {
            return new byte[0];
        }
        try {
            return Base64.getMimeDecoder().decode(t.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            fail("incorrect-encoding", "not base64", false);
            return null;
        }
    }

    private void evaluate(byte[] data, EventExecutor loop) {
        pending = true;
        CompletionStage<SaslStep> step;
        try {
            step = mechanism.evaluate(data);
        } catch (RuntimeException e) {
            pending = false;
            fail("temporary-auth-failure", "mechanism failed: " + e, false);
            return;
        }
        step.whenComplete((s, err) -> {
            if (loop.inEventLoop()) {
                onStep(s, err);
            } else {
                loop.execute(() -> onStep(s, err));
            }
        });
    }

    private void onStep(SaslStep step, Throwable error) {
        pending = false;
        if (mechanism == null) {
            return;
        }
        if (error != null) {
            fail("temporary-auth-failure", "account repository failed: " + error.getMessage(), false);
        } else if (step instanceof SaslStep.Challenge c) {
            writer.accept("<challenge xmlns='" + Namespaces.SASL + "'>" + base64(c.data()) + "</challenge>");
        } else if (step instanceof SaslStep.Success s) {
            succeed(s);
        } else if (step instanceof SaslStep.Failure f) {
            fail(f.condition(), f.logReason(), CREDENTIAL_FAILURES.contains(f.condition()));
        }
    }

    private void succeed(SaslStep.Success s) {
        EntityBareJid jid = parse(s.bareJid());
        // Checked again: failures elsewhere may have locked the account while this attempt was verified.
        String account = s.bareJid() == null ? accountKey : s.bareJid().toLowerCase(Locale.ROOT);
        if (services.throttle().isBlocked(connection.remoteAddress(), account)) {
            fail("temporary-auth-failure", "account " + account + " locked after repeated failures", false);
            return;
        }
        if (jid == null || !domain.equals(services.vhosts().canonical(jid.getDomain().toString()))) {
            fail("not-authorized", "the account " + s.bareJid() + " does not belong to " + domain, false);
            return;
        }
        services.throttle().recordSuccess(connection.remoteAddress(), account);
        String data = s.additionalData() == null ? "" : base64(s.additionalData());
        mechanism = null;
        writer.accept("<success xmlns='" + Namespaces.SASL + "'>" + data + "</success>");
        outcome.ended(jid, failures);
    }

    private void fail(String condition, String reason, boolean countsAgainstCredentials) {
        failures++;
        String account = mechanism == null ? null : mechanism.username();
        mechanism = null;
        if (countsAgainstCredentials) {
            String key = accountKey != null || account == null ? accountKey : services.accountKeys().typed(domain, account);
            services.throttle().recordFailure(connection.remoteAddress(), key);
        }
        log.info("[{}] {} authentication failed{}: {} ({})", logId, connection.remoteAddress(),
                account == null ? "" : " for '" + account + "'", condition, reason);
        writer.accept(failureXml(condition, null));
        outcome.ended(null, failures);
    }

    static String failureXml(String condition, String text) {
        StringBuilder sb = new StringBuilder("<failure xmlns='").append(Namespaces.SASL).append("'><").append(condition).append("/>");
        if (text != null) {
            sb.append("<text xml:lang='en'>").append(XmlWriter.escape(text, false)).append("</text>");
        }
        return sb.append("</failure>").toString();
    }

    private static String base64(byte[] data) {
        return data == null || data.length == 0 ? "=" : Base64.getEncoder().encodeToString(data);
    }

    private static EntityBareJid parse(String bareJid) {
        try {
            return bareJid == null ? null : JidCreate.entityBareFrom(bareJid);
        } catch (XmppStringprepException | IllegalArgumentException e) {
            return null;
        }
    }
}
