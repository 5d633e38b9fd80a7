package net.bluemind.xmpp.server.testkit;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import net.bluemind.xmpp.server.config.AuthConfig;
import net.bluemind.xmpp.server.config.DomainsConfig;
import net.bluemind.xmpp.server.config.LimitsConfig;
import net.bluemind.xmpp.server.config.ListenerConfig;
import net.bluemind.xmpp.server.config.ServerConfig;
import net.bluemind.xmpp.server.config.TlsConfig;

/**
 * The configuration of production with the BlueMind plugins ({@code domains.repository: bluemind},
 * {@code auth.repository: bluemind}) against a bm-core (the simulator) and its bm-mq, for the plugins' tests; one
 * STARTTLS listener on a free loopback port.
 */
public final class BlueMindConfigs {

    private BlueMindConfigs() {
    }

    /**
     * @param resyncSeconds the domains' safety-net period (long, to prove a change came from an event or a reconnect)
     * @param limits        null for the defaults
     * @param plugins       settings of other plugins, by name
     */
    public static ServerConfig production(Path state, URI coreUrl, Path tokenFile, URI amqp, String serverUid, int resyncSeconds,
                                          LimitsConfig limits, Map<String, Map<String, Object>> plugins) {
        Map<String, Object> domainSettings = Map.of("core-url", coreUrl.toString(), "token-file", tokenFile.toString(),
                "server-uid", serverUid, "amqp-uri", amqp.toString(), "resync-seconds", resyncSeconds,
                "start-wait-seconds", 10, "connect-timeout-ms", 500, "read-timeout-ms", 2000);
        Map<String, Object> authSettings = Map.of("core-url", coreUrl.toString(), "token-file", tokenFile.toString(),
                "cache-ttl-seconds", 1, "amqp-uri", amqp.toString());
        List<ListenerConfig> listeners = List.of(new ListenerConfig("c2s", "starttls", "127.0.0.1", 0));
        // Every client comes from 127.0.0.1 and tests fail logins on purpose: no lockout between tests.
        AuthConfig auth = new AuthConfig("bluemind", null, new AuthConfig.ThrottleConfig(10_000, 10_000, 300), 3, authSettings);
        return new ServerConfig(state, listeners, new TlsConfig(state.resolve("admin-certs"), null, null),
                new DomainsConfig("bluemind", List.of(), domainSettings), auth, limits, List.of(), null, null, plugins);
    }
}
