package net.bluemind.xmpp.server.c2s;

import java.util.Set;

import io.netty.handler.ssl.SslContext;
import net.bluemind.xmpp.server.config.LimitsConfig;
import net.bluemind.xmpp.server.delivery.MessageDelivery;
import net.bluemind.xmpp.server.hooks.StanzaHooks;
import net.bluemind.xmpp.server.memory.MemoryBudget;
import net.bluemind.xmpp.server.presence.PresenceHandler;
import net.bluemind.xmpp.server.router.ProcessorRegistry;
import net.bluemind.xmpp.server.router.Router;
import net.bluemind.xmpp.server.sasl.AccountKeys;
import net.bluemind.xmpp.server.sasl.AuthThrottle;
import net.bluemind.xmpp.server.sasl.SaslMechanisms;
import net.bluemind.xmpp.server.session.SessionManager;
import net.bluemind.xmpp.server.sm.ResumableSessions;
import net.bluemind.xmpp.server.tls.CertificateStore;
import net.bluemind.xmpp.spi.VHostRepository;

/** What a client connection needs from the rest of the server; built once in the bootstrap. */
public record C2SServices(
        VHostRepository vhosts,
        CertificateStore certificates,
        SaslMechanisms sasl,
        AuthThrottle throttle,
        AccountKeys accountKeys,
        SessionManager sessions,
        Router router,
        PresenceHandler presences,
        ProcessorRegistry processors,
        LimitsConfig limits,
        int maxAuthAttempts,
        Set<String> admins,
        MessageDelivery messages,
        ResumableSessions resumable,
        int smResumeSeconds,
        MemoryBudget memory,
        StanzaHooks hooks) {

    /** The TLS context of a served domain (canonical name), with the certificate covering its aliases. */
    SslContext sslContext(String domain) {
        for (VHostRepository.VHost v : vhosts.vhosts()) {
            if (v.domain().equals(domain)) {
                return certificates.serverContext(domain, v.aliases());
            }
        }
        return certificates.serverContext(domain, Set.of());
    }
}
