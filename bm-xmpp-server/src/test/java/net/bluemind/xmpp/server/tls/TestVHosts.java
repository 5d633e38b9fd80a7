package net.bluemind.xmpp.server.tls;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import net.bluemind.xmpp.spi.VHostListener;
import net.bluemind.xmpp.spi.VHostRepository;

/** A fixed in-memory set of served domains. */
final class TestVHosts implements VHostRepository {

    private final Map<String, VHost> byDomain = new ConcurrentHashMap<>();

    TestVHosts serve(String domain, String... aliases) {
        byDomain.put(domain, new VHost(domain, Set.of(aliases)));
        return this;
    }

    @Override
    public Set<VHost> vhosts() {
        return Set.copyOf(byDomain.values());
    }

    @Override
    public String canonical(String domainOrAlias) {
        String name = domainOrAlias.toLowerCase(Locale.ROOT);
        if (byDomain.containsKey(name)) {
            return name;
        }
        return byDomain.values().stream().filter(v -> v.aliases().contains(name)).map(VHost::domain).findFirst().orElse(null);
    }

    @Override
    public void addListener(VHostListener listener) {
        // The set never changes in these tests.
    }
}
