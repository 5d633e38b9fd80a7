package net.bluemind.xmpp.jmh;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.jxmpp.jid.impl.JidCreate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import net.bluemind.xmpp.server.blocking.BlockingGate;
import net.bluemind.xmpp.server.blocking.BlockingService;
import net.bluemind.xmpp.server.carbons.Carbons;
import net.bluemind.xmpp.server.config.DomainsConfig;
import net.bluemind.xmpp.server.delivery.MessageDelivery;
import net.bluemind.xmpp.server.hooks.RemoteRouter;
import net.bluemind.xmpp.server.hooks.StanzaHooks;
import net.bluemind.xmpp.server.local.StaticVHostRepository;
import net.bluemind.xmpp.server.offline.OfflineStore;
import net.bluemind.xmpp.server.ping.PingProcessor;
import net.bluemind.xmpp.server.presence.PresenceHandler;
import net.bluemind.xmpp.server.presence.SubscriptionHandler;
import net.bluemind.xmpp.server.roster.RosterService;
import net.bluemind.xmpp.server.router.IqRequests;
import net.bluemind.xmpp.server.router.ProcessorRegistry;
import net.bluemind.xmpp.server.router.Router;
import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.SessionManager;
import net.bluemind.xmpp.server.session.StanzaSink;
import net.bluemind.xmpp.server.session.UserSerializer;
import net.bluemind.xmpp.server.stanzaid.StanzaIds;
import net.bluemind.xmpp.server.storage.MemoryUserDataRepository;
import net.bluemind.xmpp.server.stream.StreamErrorCondition;
import net.bluemind.xmpp.spi.AuthRepository;
import net.bluemind.xmpp.spi.AuthResult;
import net.bluemind.xmpp.spi.UserDataRepository;
import net.bluemind.xmpp.xml.Element;

/**
 * From a parsed stanza to its delivery, without sockets: {@link Router#routeFromClient} of a real engine
 * (the wiring of {@code Server}, storage in memory, no archive) with two bound, available sessions
 * whose outbound sinks only keep the last stanza. Covers from-stamping and checking, addressing
 * (JID parsing, virtual host), the block-list gate, then per kind:
 * <ul>
 *   <li>{@code message}: chat to a full JID — {@link MessageDelivery}, stanza-id stamping (XEP-0359),
 *       the carbons checks, {@code <private/>} removal;</li>
 *   <li>{@code messageBare}: the same to the bare JID (highest-priority resource);</li>
 *   <li>{@code presence}: an available presence, broadcast to the user's contact (roster from memory);</li>
 *   <li>{@code iq}: a ping to the server, answered by its processor.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouteBenchmark {

    @Param({"message", "messageBare", "presence", "iq"})
    public String stanza;

    private Router router;
    private ClientSession alice;
    private Sink aliceSink;
    private Sink bobSink;
    private Element element;

    /** A connection's outbound end that keeps only the last stanza (a blackhole with a count). */
    static final class Sink implements StanzaSink {
        Element last;
        long count;

        @Override
        public void deliver(Element stanza) {
            last = stanza;
            count++;
        }

        @Override
        public void closeWithError(StreamErrorCondition condition, String text) {
            throw new IllegalStateException("stream error " + condition + ": " + text);
        }
    }

    /** Every account exists; nobody logs in here. */
    static final class Accounts implements AuthRepository {
        @Override
        public Set<String> mechanisms(String domain) {
            return Set.of();
        }

        @Override
        public CompletionStage<AuthResult> verifyPassword(String domain, String username, String password, ConnectionInfo connection) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Boolean> userExists(String bareJid) {
            return CompletableFuture.completedFuture(true);
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        StaticVHostRepository vhosts = new StaticVHostRepository(List.of(new DomainsConfig.StaticDomain(Stanzas.DOMAIN, List.of())));
        SessionManager sessions = new SessionManager();
        MemoryUserDataRepository userData = new MemoryUserDataRepository();
        // Alice and Bob are each other's contacts, as people who write to each other are.
        userData.putRosterItem(Stanzas.ALICE, new UserDataRepository.RosterItem(Stanzas.BOB, "Bob",
                UserDataRepository.Subscription.BOTH, false, false, false, List.of("Friends"))).toCompletableFuture().join();
        userData.putRosterItem(Stanzas.BOB, new UserDataRepository.RosterItem(Stanzas.ALICE, "Alice",
                UserDataRepository.Subscription.BOTH, false, false, false, List.of("Friends"))).toCompletableFuture().join();
        UserSerializer serializer = new UserSerializer();
        RosterService rosters = new RosterService(userData, sessions, serializer, Integer.MAX_VALUE);
        RemoteRouter remote = RemoteRouter.none(vhosts);
        Accounts accounts = new Accounts();
        SubscriptionHandler subscriptions = new SubscriptionHandler(rosters, sessions, vhosts, accounts, remote);
        OfflineStore offline = new OfflineStore(userData, serializer, 100, 1 << 20);
        BlockingService blocking = new BlockingService(userData, sessions, serializer, vhosts);
        StanzaHooks hooks = new StanzaHooks();
        new BlockingGate(blocking).attach(hooks);
        PresenceHandler presences = new PresenceHandler(sessions, rosters, subscriptions, hooks, s -> { }, remote);
        new StanzaIds().attach(hooks);
        new Carbons(sessions).attach(hooks);
        offline.attach(hooks);
        MessageDelivery messages = new MessageDelivery(sessions, accounts, hooks);
        ProcessorRegistry registry = new ProcessorRegistry(List.of(new PingProcessor()), hooks);
        router = new Router(vhosts, sessions, registry, messages, presences, Runnable::run, new IqRequests(),
                hooks, remote);

        aliceSink = new Sink();
        bobSink = new Sink();
        alice = new ClientSession(JidCreate.entityFullFrom(Stanzas.ALICE_PHONE), aliceSink, "c1", false);
        ClientSession bobSession = new ClientSession(JidCreate.entityFullFrom(Stanzas.BOB_DESKTOP), bobSink, "c2", false);
        sessions.bind(alice);
        sessions.bind(bobSession);
        // Both come online: initial presences load rosters and block lists into memory, as on a live server.
        router.routeFromClient(bobSession, Stanzas.element("<presence/>"));
        router.routeFromClient(alice, Stanzas.element("<presence/>"));

        element = Stanzas.element(switch (stanza) {
            case "messageBare" -> Stanzas.MESSAGE_BARE;
            default -> Stanzas.xml(stanza);
        });
        // Each kind must reach its recipient, or the benchmark measures an error path.
        Sink expected = stanza.equals("iq") ? aliceSink : bobSink;
        long before = expected.count;
        route();
        if (expected.count != before + 1 || expected.last.attribute("type") != null && expected.last.attribute("type").equals("error")) {
            throw new IllegalStateException(stanza + " was not delivered: " + expected.last);
        }
    }

    @Benchmark
    public Element route() {
        router.routeFromClient(alice, element);
        return bobSink.last;
    }
}
