package net.bluemind.xmpp.server.s2s;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.minidns.hla.ResolverApi;
import org.minidns.hla.ResolverResult;
import org.minidns.record.SRV;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.bluemind.xmpp.server.config.HostPort;

/**
 * Where a remote domain's server listens (RFC 6120 §3.2.1, XEP-0368): a static route first, then the
 * SRV records {@code _xmpps-server._tcp} (direct TLS) and {@code _xmpp-server._tcp} (STARTTLS) in
 * priority order, then the domain itself on 5269. Blocking: runs off the event loops.
 */
final class S2sResolver {

    private static final Logger log = LoggerFactory.getLogger(S2sResolver.class);

    /** One place to try: a host name or address, a port, and whether TLS starts at once. */
    record Target(String host, int port, boolean directTls) {
        @Override
        public String toString() {
            return host + ":" + port + (directTls ? " (direct TLS)" : "");
        }
    }

    private final Map<String, HostPort> routes;

    S2sResolver(Map<String, String> staticRoutes) {
        Map<String, HostPort> m = new java.util.HashMap<>();
        staticRoutes.forEach((domain, target) -> m.put(domain.toLowerCase(Locale.ROOT), HostPort.parse(target)));
        this.routes = Map.copyOf(m);
    }

    List<Target> resolve(String domain) {
        HostPort fixed = routes.get(domain.toLowerCase(Locale.ROOT));
        if (fixed != null) {
            return List.of(new Target(fixed.host(), fixed.port(), false));
        }
        List<Target> out = new ArrayList<>();
        out.addAll(srv("_xmpps-server._tcp." + domain, true));
        out.addAll(srv("_xmpp-server._tcp." + domain, false));
        if (out.isEmpty()) {
            out.add(new Target(domain, 5269, false));
        }
        return out;
    }

    private static List<Target> srv(String name, boolean directTls) {
        try {
            ResolverResult<SRV> r = ResolverApi.INSTANCE.resolve(name, SRV.class);
            if (!r.wasSuccessful()) {
                return List.of();
            }
            List<SRV> records = new ArrayList<>(r.getAnswersOrEmptySet());
            // RFC 2782: lowest priority first; among equals, heavier first (a deterministic stand-in for the weighted draw).
            records.sort(Comparator.<SRV>comparingInt(s -> s.priority).thenComparing(s -> -s.weight));
            List<Target> out = new ArrayList<>();
            for (SRV s : records) {
                if (s.isServiceAvailable()) {
                    out.add(new Target(s.target.toString(), s.port, directTls));
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            log.debug("SRV lookup of {} failed: {}", name, e.toString());
            return List.of();
        }
    }
}
