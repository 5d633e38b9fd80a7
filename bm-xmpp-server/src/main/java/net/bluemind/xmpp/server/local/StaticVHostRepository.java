package net.bluemind.xmpp.server.local;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import net.bluemind.xmpp.server.config.DomainsConfig;
import net.bluemind.xmpp.spi.VHostListener;
import net.bluemind.xmpp.spi.VHostRepository;

/** Served domains from the configuration file; {@link #put} and {@link #remove} change them at runtime. */
public final class StaticVHostRepository implements VHostRepository {

    private final Map<String, VHost> byDomain = new ConcurrentHashMap<>();
    /** Every served name (domain or alias) → its domain. */
    private volatile Map<String, String> names = Map.of();
    private final List<VHostListener> listeners = new CopyOnWriteArrayList<>();

    public StaticVHostRepository(List<DomainsConfig.StaticDomain> domains) {
        for (DomainsConfig.StaticDomain d : domains) {
            VHost v = normalise(d.name(), Set.copyOf(d.aliases()));
            byDomain.put(v.domain(), v);
        }
        rebuildNames();
    }

    private static VHost normalise(String domain, Set<String> aliases) {
        Set<String> a = new HashSet<>();
        for (String s : aliases) {
            a.add(s.toLowerCase(Locale.ROOT));
        }
        return new VHost(domain.toLowerCase(Locale.ROOT), a);
    }

    private synchronized void rebuildNames() {
        Map<String, String> n = new java.util.HashMap<>();
        for (VHost v : byDomain.values()) {
            n.put(v.domain(), v.domain());
            for (String alias : v.aliases()) {
                n.put(alias, v.domain());
            }
        }
        names = Map.copyOf(n);
    }

    @Override
    public Set<VHost> vhosts() {
        return Set.copyOf(byDomain.values());
    }

    @Override
    public String canonical(String domainOrAlias) {
        if (domainOrAlias == null) {
            return null;
        }
        Map<String, String> n = names;
        String d = n.get(domainOrAlias);
        return d != null ? d : n.get(domainOrAlias.toLowerCase(Locale.ROOT));
    }

    @Override
    public void addListener(VHostListener listener) {
        listeners.add(listener);
    }

    /** Serves a domain, or changes its aliases. */
    public void put(String domain, Set<String> aliases) {
        VHost v = normalise(domain, aliases);
        VHost before = byDomain.put(v.domain(), v);
        rebuildNames();
        for (VHostListener l : listeners) {
            if (before == null) {
                l.added(v);
            } else if (!before.equals(v)) {
                l.changed(before, v);
            }
        }
    }

    /** Stops serving a domain. */
    public void remove(String domain) {
        VHost before = byDomain.remove(domain.toLowerCase(Locale.ROOT));
        rebuildNames();
        if (before != null) {
            for (VHostListener l : listeners) {
                l.removed(before);
            }
        }
    }
}
