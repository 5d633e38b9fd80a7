package net.bluemind.xmpp.auth.testkit;

import java.time.Duration;

import net.bluemind.xmpp.auth.BlueMindAuthConfig;
import net.bluemind.xmpp.coresim.SimHarness;

/** The repository's settings against a test simulator. */
public final class AuthConfigs {

    private AuthConfigs() {
    }

    /** Short timeouts and a cache of {@code cacheTtl}, so tests see changes and failures quickly. */
    public static BlueMindAuthConfig of(SimHarness sim, Duration cacheTtl) {
        return BlueMindAuthConfig.of(sim.url(), sim.tokenFile())
                .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2))
                .withCache(cacheTtl, 100);
    }
}
