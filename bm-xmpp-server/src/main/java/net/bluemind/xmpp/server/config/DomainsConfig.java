package net.bluemind.xmpp.server.config;

import java.util.List;

/**
 * @param repository where the served domains come from: {@code static} (this file)
 * @param list       the static domains
 */
public record DomainsConfig(String repository, List<StaticDomain> list) {

    public DomainsConfig {
        repository = repository == null ? "static" : repository;
        list = list == null ? List.of() : List.copyOf(list);
    }

    /** A served domain and its aliases. */
    public record StaticDomain(String name, List<String> aliases) {
        public StaticDomain {
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
        }
    }
}
