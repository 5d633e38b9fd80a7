package net.bluemind.xmpp.server.engine;

import java.util.List;
import java.util.concurrent.Executor;

import net.bluemind.xmpp.server.blocking.BlockingGate;
import net.bluemind.xmpp.server.blocking.BlockingProcessor;
import net.bluemind.xmpp.server.blocking.BlockingService;
import net.bluemind.xmpp.server.carbons.Carbons;
import net.bluemind.xmpp.server.carbons.CarbonsProcessor;
import net.bluemind.xmpp.server.csi.ClientStateFilter;
import net.bluemind.xmpp.server.delivery.MessageDelivery;
import net.bluemind.xmpp.server.hooks.RemoteRouter;
import net.bluemind.xmpp.server.hooks.StanzaHooks;
import net.bluemind.xmpp.server.offline.OfflineStore;
import net.bluemind.xmpp.server.presence.PresenceHandler;
import net.bluemind.xmpp.server.presence.SubscriptionHandler;
import net.bluemind.xmpp.server.roster.RosterProcessor;
import net.bluemind.xmpp.server.roster.RosterService;
import net.bluemind.xmpp.server.router.IqRequests;
import net.bluemind.xmpp.server.router.ProcessorRegistry;
import net.bluemind.xmpp.server.router.Router;
import net.bluemind.xmpp.server.session.SessionManager;
import net.bluemind.xmpp.server.session.UserSerializer;
import net.bluemind.xmpp.server.sm.StreamManagement;
import net.bluemind.xmpp.server.stanzaid.StanzaIds;
import net.bluemind.xmpp.spi.AuthRepository;
import net.bluemind.xmpp.spi.StanzaProcessor;
import net.bluemind.xmpp.spi.UserDataRepository;
import net.bluemind.xmpp.spi.VHostRepository;

/**
 * The core of the stanza path, without network or plugins: rosters and subscriptions (RFC 6121), presence, blocking
 * (XEP-0191), offline storage (XEP-0160), message delivery with carbons (XEP-0280) and stanza ids (XEP-0359), each
 * feature attached to one {@link StanzaHooks}. {@code Server} composes it with its listeners, the archive and the
 * plugins; {@link InMemoryEngine} composes it on memory repositories for tests and benchmarks, so both run the same
 * path.
 */
public final class StanzaPath {

    /** Limits of the stored user data the path enforces. */
    public record Limits(int maxRosterItems, int maxOfflinePerUser, long maxOfflineBytesPerUser) {
    }

    public final StanzaHooks hooks = new StanzaHooks();
    public final SessionManager sessions;
    public final VHostRepository vhosts;
    /** The per-user order of roster, subscription, offline and block list changes. */
    public final UserSerializer serializer = new UserSerializer();
    public final RosterService rosters;
    public final SubscriptionHandler subscriptions;
    public final OfflineStore offline;
    public final BlockingService blocking;
    public final PresenceHandler presences;
    public final MessageDelivery messages;

    public StanzaPath(VHostRepository vhosts, AuthRepository accounts, UserDataRepository userData, SessionManager sessions,
                      RemoteRouter remote, Limits limits) {
        this.sessions = sessions;
        this.vhosts = vhosts;
        rosters = new RosterService(userData, sessions, serializer, limits.maxRosterItems());
        subscriptions = new SubscriptionHandler(rosters, sessions, vhosts, accounts, remote);
        offline = new OfflineStore(userData, serializer, limits.maxOfflinePerUser(), limits.maxOfflineBytesPerUser());
        blocking = new BlockingService(userData, sessions, serializer, vhosts);
        // The features around routing and delivery, in their hooks; the router, delivery and presence name none of them.
        new BlockingGate(blocking).attach(hooks);
        new StanzaIds().attach(hooks);
        new Carbons(sessions).attach(hooks);
        offline.attach(hooks);
        StreamManagement.announce(hooks);
        ClientStateFilter.attach(hooks);
        presences = new PresenceHandler(sessions, rosters, subscriptions, hooks,
                s -> offline.flush(s, s.bareJid().getDomain().toString()), remote);
        messages = new MessageDelivery(sessions, accounts, hooks);
    }

    /** The processors of the path's own features: rosters, carbons and blocking commands. */
    public List<StanzaProcessor> processors() {
        return List.of(new RosterProcessor(rosters, sessions, subscriptions), new CarbonsProcessor(sessions),
                new BlockingProcessor(blocking, rosters, sessions));
    }

    /**
     * The router over this path.
     *
     * @param registry       every processor of the server, the path's own included
     * @param background     where slow work goes (a direct executor makes routing synchronous)
     * @param serverRequests the server's own iq requests to clients
     */
    public Router router(ProcessorRegistry registry, Executor background, IqRequests serverRequests, RemoteRouter remote) {
        return new Router(vhosts, sessions, registry, messages, presences, background, serverRequests, hooks, remote);
    }
}
