package net.bluemind.xmpp.server.config;

import java.util.List;

/**
 * @param repository where the served domains come from: {@code static} (this file), or a plugin's
 *                   repository found on the classpath ({@code bluemind}: bm-xmpp-domains)
 * @param list       the static domains
 * @param settings   the plugin repository's own settings
 */
public record DomainsConfig(String repository, List<StaticDomain> list, java.util.Map<String, Object> settings) {

    public DomainsConfig {
        repository = repository == null ? "static" : repository;
        list = list == null ? List.of() : List.copyOf(list);
        settings = settings == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
    }

    public DomainsConfig(String repository, List<StaticDomain> list) {
        this(repository, list, null);
    }

    /** A served domain and its aliases. */
    public record StaticDomain(String name, List<String> aliases) {
        public StaticDomain {
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
        }
    }
}
