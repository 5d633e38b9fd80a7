package net.bluemind.xmpp.auth;

import static net.bluemind.xmpp.coreclient.PluginSettings.millis;
import static net.bluemind.xmpp.coreclient.PluginSettings.number;
import static net.bluemind.xmpp.coreclient.PluginSettings.text;
import static net.bluemind.xmpp.coreclient.PluginSettings.uri;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import net.bluemind.xmpp.coreclient.BmMq;
import net.bluemind.xmpp.spi.AuthRepository;
import net.bluemind.xmpp.spi.AuthRepositoryProvider;
import net.bluemind.xmpp.spi.PluginContext;

/**
 * {@code auth.repository: bluemind}. Settings ({@code auth.settings}), all optional on a BlueMind host:
 * {@code core-url} (default: the host of /etc/bm/bm.ini, port 8090), {@code token-file} (default
 * /etc/bm/bm-core.tok; relative to the state folder), {@code connect-timeout-ms}, {@code read-timeout-ms},
 * {@code auth-timeout-ms}, {@code cache-ttl-seconds}, {@code cache-size}, {@code amqp-uri} (bm-mq, default
 * amqp://guest:guest@127.0.0.1:5672: the sessions of an account deleted, archived or without IM any more are
 * ended on its {@code user.*} event).
 */
public final class BlueMindAuthRepositoryProvider implements AuthRepositoryProvider {

    private static final Set<String> KEYS = Set.of("core-url", "token-file", "connect-timeout-ms", "read-timeout-ms",
            "auth-timeout-ms", "cache-ttl-seconds", "cache-size", "amqp-uri");

    @Override
    public String name() {
        return "bluemind";
    }

    @Override
    public AuthRepository create(PluginContext context) {
        Map<String, Object> settings = context.settings();
        Path stateDir = context.stateDir();
        for (String key : settings.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown setting '" + key + "' (known: " + KEYS + ")");
            }
        }
        BlueMindAuthConfig defaults = BlueMindAuthConfig.fromBlueMindHost();
        URI core = settings.containsKey("core-url") ? URI.create(text(settings, "core-url")) : defaults.coreUrl();
        Path token = settings.containsKey("token-file") ? stateDir.resolve(text(settings, "token-file")) : defaults.tokenFile();
        BlueMindAuthConfig config = BlueMindAuthConfig.of(core, token)
                .withTimeouts(millis(settings, "connect-timeout-ms", defaults.connectTimeout()),
                        millis(settings, "read-timeout-ms", defaults.readTimeout()),
                        millis(settings, "auth-timeout-ms", defaults.authTimeout()))
                .withCache(settings.containsKey("cache-ttl-seconds") ? Duration.ofSeconds(number(settings, "cache-ttl-seconds"))
                        : defaults.cacheTtl(), settings.containsKey("cache-size") ? (int) number(settings, "cache-size") : defaults.cacheSize());
        URI amqp = settings.containsKey("amqp-uri") ? uri(settings, "amqp-uri") : BmMq.DEFAULT_URI;
        BlueMindAuthRepository repository;
        try {
            repository = BlueMindAuthRepository.create(config, context);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot use bm-core at " + core + " with token file " + token + ": " + e.getMessage(), e);
        }
        BmMq mq = context.shared(new BmMq.Key(amqp), BmMq.class, () -> BmMq.start(amqp, config.connectTimeout(), "bm-xmpp auth"));
        AccountRevocation revocation = new AccountRevocation(repository.core(), context.sessions(), config.readTimeout());
        context.onClose(revocation);
        context.onClose(revocation.follow(mq));
        return repository;
    }
}
