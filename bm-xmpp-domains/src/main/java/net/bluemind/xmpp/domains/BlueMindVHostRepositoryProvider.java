package net.bluemind.xmpp.domains;

import static net.bluemind.xmpp.coreclient.PluginSettings.millis;
import static net.bluemind.xmpp.coreclient.PluginSettings.seconds;
import static net.bluemind.xmpp.coreclient.PluginSettings.text;
import static net.bluemind.xmpp.coreclient.PluginSettings.uri;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import net.bluemind.xmpp.coreclient.BmMq;
import net.bluemind.xmpp.coreclient.CoreClient;
import net.bluemind.xmpp.coreclient.CoreClientConfig;
import net.bluemind.xmpp.spi.PluginContext;
import net.bluemind.xmpp.spi.VHostRepository;
import net.bluemind.xmpp.spi.VHostRepositoryProvider;

/**
 * {@code domains.repository: bluemind}. Settings ({@code domains.settings}), all optional on a BlueMind host:
 * {@code core-url} (default: the host of /etc/bm/bm.ini, port 8090), {@code token-file} (default
 * /etc/bm/bm-core.tok; relative to the state folder), {@code server-uid} and/or {@code server-fqdn} (default:
 * this host's fqdn), {@code amqp-uri} (default amqp://guest:guest@127.0.0.1:5672), {@code resync-seconds}
 * (60), {@code start-wait-seconds} (60), {@code connect-timeout-ms}, {@code read-timeout-ms}.
 */
public final class BlueMindVHostRepositoryProvider implements VHostRepositoryProvider {

    private static final Set<String> KEYS = Set.of("core-url", "token-file", "server-uid", "server-fqdn", "amqp-uri",
            "resync-seconds", "start-wait-seconds", "connect-timeout-ms", "read-timeout-ms");

    @Override
    public String name() {
        return "bluemind";
    }

    @Override
    public VHostRepository create(PluginContext context) {
        BlueMindDomainsConfig config = config(context.settings(), context.stateDir());
        try {
            CoreClientConfig client = config.clientConfig();
            BmMq mq = context.shared(new BmMq.Key(config.amqpUri()), BmMq.class, () -> BlueMindVHostRepository.openMq(config));
            return BlueMindVHostRepository.start(config, context.shared(client, CoreClient.class, () -> new CoreClient(client)), mq);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the served domains", e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot use bm-core at " + config.coreUrl() + " with token file "
                    + config.tokenFile() + ": " + e.getMessage(), e);
        }
    }

    /** The typed settings; an unknown or malformed setting is refused with its name. */
    static BlueMindDomainsConfig config(Map<String, Object> settings, Path stateDir) {
        for (String key : settings.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown setting '" + key + "' (known: " + KEYS + ")");
            }
        }
        BlueMindDomainsConfig d = BlueMindDomainsConfig.fromBlueMindHost();
        URI core = settings.containsKey("core-url") ? uri(settings, "core-url") : d.coreUrl();
        Path token = settings.containsKey("token-file") ? stateDir.resolve(text(settings, "token-file")) : d.tokenFile();
        String uid = settings.containsKey("server-uid") ? text(settings, "server-uid") : null;
        String fqdn = settings.containsKey("server-fqdn") ? text(settings, "server-fqdn") : uid == null ? d.serverFqdn() : null;
        return new BlueMindDomainsConfig(core, token, uid, fqdn,
                settings.containsKey("amqp-uri") ? uri(settings, "amqp-uri") : BlueMindDomainsConfig.DEFAULT_AMQP,
                seconds(settings, "resync-seconds", BlueMindDomainsConfig.DEFAULT_RESYNC),
                seconds(settings, "start-wait-seconds", BlueMindDomainsConfig.DEFAULT_START_WAIT),
                millis(settings, "connect-timeout-ms", BlueMindDomainsConfig.DEFAULT_CONNECT_TIMEOUT),
                millis(settings, "read-timeout-ms", BlueMindDomainsConfig.DEFAULT_READ_TIMEOUT));
    }
}
