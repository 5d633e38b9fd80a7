package net.bluemind.xmpp.domains;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import net.bluemind.xmpp.coreclient.CoreClient;
import net.bluemind.xmpp.coreclient.CoreException;
import net.bluemind.xmpp.coreclient.model.Assignment;
import net.bluemind.xmpp.coreclient.model.Domain;
import net.bluemind.xmpp.coreclient.model.ItemValue;
import net.bluemind.xmpp.coreclient.model.Server;
import net.bluemind.xmpp.spi.VHostRepository.VHost;

/** Reads from bm-core which domains this server serves: those whose {@code bm/xmpp} assignment points to it. */
final class ServedDomainsReader {

    private final CoreClient core;
    private final String serverUid;
    private final String serverFqdn;
    private final long callLimitMillis;

    ServedDomainsReader(CoreClient core, BlueMindDomainsConfig config) {
        this.core = core;
        this.serverUid = config.serverUid();
        this.serverFqdn = config.serverFqdn();
        // A call may be retried by the client: leave it room for its retries.
        this.callLimitMillis = 3 * (config.connectTimeout().toMillis() + config.readTimeout().toMillis());
    }

    /** The served domains by canonical name (lower case); throws when bm-core cannot answer. */
    Map<String, VHost> read() throws CoreException, InterruptedException {
        // One listing, then every domain's assignments asked at once: a resync costs two round trips, not N.
        Map<ItemValue<Domain>, CompletableFuture<List<Assignment>>> assignments = new LinkedHashMap<>();
        for (ItemValue<Domain> item : await(core.domains())) {
            Domain d = item.value();
            if (d != null && !d.global() && d.name() != null) {
                assignments.put(item, core.assignments(item.uid()));
            }
        }
        Map<String, VHost> served = new HashMap<>();
        Map<String, Boolean> serverIsMe = new HashMap<>();
        for (Map.Entry<ItemValue<Domain>, CompletableFuture<List<Assignment>>> e : assignments.entrySet()) {
            if (assignedHere(await(e.getValue()), serverIsMe)) {
                VHost v = vhost(e.getKey().value());
                served.put(v.domain(), v);
            }
        }
        return served;
    }

    private static VHost vhost(Domain d) {
        String name = lower(d.name());
        Set<String> aliases = new LinkedHashSet<>();
        if (d.aliases() != null) {
            d.aliases().stream().map(ServedDomainsReader::lower).filter(a -> !a.equals(name)).forEach(aliases::add);
        }
        return new VHost(name, aliases);
    }

    private boolean assignedHere(List<Assignment> assignments, Map<String, Boolean> serverIsMe)
            throws CoreException, InterruptedException {
        for (Assignment a : assignments) {
            if (Server.XMPP_TAG.equals(a.tag()) && a.serverUid() != null) {
                Boolean me = serverIsMe.get(a.serverUid());
                if (me == null) {
                    me = isMe(a.serverUid());
                    serverIsMe.put(a.serverUid(), me);
                }
                if (me) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean isMe(String assignedServerUid) throws CoreException, InterruptedException {
        if (serverUid != null) {
            return serverUid.equals(assignedServerUid);
        }
        Server s = await(core.server(assignedServerUid)).value();
        return s != null && s.fqdn() != null && s.fqdn().equalsIgnoreCase(serverFqdn);
    }

    <T> T await(CompletableFuture<T> call) throws InterruptedException {
        return CoreClient.await(call, callLimitMillis);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
