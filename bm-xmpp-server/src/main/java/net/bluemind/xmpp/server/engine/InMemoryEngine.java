package net.bluemind.xmpp.server.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

import net.bluemind.xmpp.server.config.DomainsConfig;
import net.bluemind.xmpp.server.disco.DiscoProcessor;
import net.bluemind.xmpp.server.hooks.RemoteRouter;
import net.bluemind.xmpp.server.local.StaticVHostRepository;
import net.bluemind.xmpp.server.ping.PingProcessor;
import net.bluemind.xmpp.server.router.IqRequests;
import net.bluemind.xmpp.server.router.ProcessorRegistry;
import net.bluemind.xmpp.server.router.Router;
import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.SessionManager;
import net.bluemind.xmpp.server.session.StanzaSink;
import net.bluemind.xmpp.server.storage.MemoryUserDataRepository;
import net.bluemind.xmpp.server.stream.StreamErrorCondition;
import net.bluemind.xmpp.spi.AuthRepository;
import net.bluemind.xmpp.spi.AuthResult;
import net.bluemind.xmpp.spi.RosterStore;
import net.bluemind.xmpp.spi.StanzaProcessor;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;
import net.bluemind.xmpp.xml.XmlParser;

/**
 * The server's {@link StanzaPath} on memory repositories, without network: every step of routing runs on the caller's
 * thread, so a test sends a stanza and reads what each client got right after, with no wait. For unit tests of the
 * protocol rules (RFC 6121 routing, subscriptions, carbons, blocking) and for the routing benchmark.
 *
 * <pre>{@code
 * InMemoryEngine engine = new InMemoryEngine("acme.test").accounts("alice@acme.test", "bob@acme.test");
 * Client bob = engine.online("bob@acme.test/desktop", 0);
 * engine.online("alice@acme.test/phone", 0).send("<message to='bob@acme.test' type='chat'><body>hi</body></message>");
 * bob.take(); // the message, as bob's connection would write it
 * }</pre>
 */
public final class InMemoryEngine {

    /** One bound client: what the server wrote to it, in order. */
    public final class Client implements StanzaSink {
        private final List<Element> received = new ArrayList<>();
        private final ClientSession session;
        private StreamErrorCondition closedWith;

        /** Binds as {@code fullJid}: nothing reaches the client before its session is bound. */
        private Client(String fullJid) {
            this.session = bind(fullJid, this);
        }

        public ClientSession session() {
            return session;
        }

        /** Routes a stanza from this client ({@code jabber:client} is the default namespace). */
        public Client send(String xml) {
            router.routeFromClient(session, XmlParser.parse(xml, Namespaces.CLIENT));
            return this;
        }

        /** Everything written to this client since the last take, in order. */
        public synchronized List<Element> take() {
            List<Element> out = new ArrayList<>(received);
            received.clear();
            return out;
        }

        /** The stream error the server ended this client with, or null. */
        public StreamErrorCondition closedWith() {
            return closedWith;
        }

        @Override
        public synchronized void deliver(Element stanza) {
            received.add(stanza);
        }

        @Override
        public void closeWithError(StreamErrorCondition condition, String text) {
            closedWith = condition;
            path.sessions.unbind(session);
        }
    }

    /** The accounts the engine knows: {@code userExists} says yes for them only. */
    private final class Accounts implements AuthRepository {
        @Override
        public Set<String> mechanisms(String domain) {
            return Set.of();
        }

        @Override
        public CompletionStage<AuthResult> verifyPassword(String domain, String username, String password, ConnectionInfo connection) {
            throw new UnsupportedOperationException("nobody logs in to an in-memory engine: use online()");
        }

        @Override
        public CompletionStage<Boolean> userExists(String bareJid) {
            return CompletableFuture.completedFuture(accounts.contains(bareJid));
        }
    }

    private final Set<String> accounts = new HashSet<>();
    private final List<Client> clients = new ArrayList<>();
    public final MemoryUserDataRepository userData = new MemoryUserDataRepository();
    public final StanzaPath path;
    public final Router router;

    /** An engine serving {@code domains} (the first is the server's own), with rosters, carbons, blocking, ping and disco. */
    public InMemoryEngine(String... domains) {
        List<DomainsConfig.StaticDomain> served = new ArrayList<>();
        for (String d : domains) {
            served.add(new DomainsConfig.StaticDomain(d, List.of()));
        }
        StaticVHostRepository vhosts = new StaticVHostRepository(served);
        RemoteRouter remote = RemoteRouter.none(vhosts);
        path = new StanzaPath(vhosts, new Accounts(), userData, new SessionManager(), remote,
                new StanzaPath.Limits(2_000, 100, 1 << 20));
        List<StanzaProcessor> processors = new ArrayList<>(path.processors());
        processors.add(new PingProcessor());
        ProcessorRegistry[] registry = new ProcessorRegistry[1];
        processors.add(new DiscoProcessor(t -> registry[0].discoFeatures(t), "bm-xmpp", List.of()));
        registry[0] = new ProcessorRegistry(processors, path.hooks);
        router = path.router(registry[0], Runnable::run, new IqRequests(), remote);
    }

    /** Accounts that exist (messages to them are kept offline; to others, refused). */
    public InMemoryEngine accounts(String... bareJids) {
        accounts.addAll(List.of(bareJids));
        return this;
    }

    /** {@code a} and {@code b} are each other's contacts with a mutual subscription. */
    public InMemoryEngine contacts(String a, String b) {
        userData.putRosterItem(a, new RosterStore.RosterItem(b, null, RosterStore.Subscription.BOTH, false, false, false,
                List.of())).toCompletableFuture().join();
        userData.putRosterItem(b, new RosterStore.RosterItem(a, null, RosterStore.Subscription.BOTH, false, false, false,
                List.of())).toCompletableFuture().join();
        return this;
    }

    /** A session bound as {@code fullJid} whose stanzas go to {@code sink} (a benchmark's counting sink). */
    public ClientSession bind(String fullJid, StanzaSink sink) {
        try {
            ClientSession session = new ClientSession(JidCreate.entityFullFrom(fullJid), sink, "mem-" + fullJid, false);
            path.sessions.bind(session);
            return session;
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException(fullJid, e);
        }
    }

    /** A client bound as {@code fullJid}, not available yet (no initial presence). */
    public Client bound(String fullJid) {
        Client c = new Client(fullJid);
        clients.add(c);
        return c;
    }

    /** A client bound as {@code fullJid} that sent its initial presence with {@code priority}; what that brought is taken. */
    public Client online(String fullJid, int priority) {
        Client c = bound(fullJid);
        c.send("<presence><priority>" + priority + "</priority></presence>");
        c.take();
        return c;
    }

    /** Forgets what every client got so far (the presence its own resources exchanged when they came online). */
    public void forgetReceived() {
        clients.forEach(Client::take);
    }

    /** The client's connection is gone (no resumption): its session ends as the server ends one. */
    public void offline(Client c) {
        if (path.sessions.unbind(c.session)) {
            path.presences.resourceGone(c.session);
        }
    }
}
