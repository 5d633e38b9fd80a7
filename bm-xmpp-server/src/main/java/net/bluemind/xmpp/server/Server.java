package net.bluemind.xmpp.server;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import net.bluemind.xmpp.server.adhoc.AdHocProcessor;
import net.bluemind.xmpp.server.adhoc.admin.ServiceAdministration;
import net.bluemind.xmpp.server.admission.ConnectionAdmission;
import net.bluemind.xmpp.server.admission.OpenFileLimit;
import net.bluemind.xmpp.server.c2s.C2SListener;
import net.bluemind.xmpp.server.c2s.C2SServices;
import net.bluemind.xmpp.server.caps.EntityCapsService;
import net.bluemind.xmpp.server.config.AuthRepositories;
import net.bluemind.xmpp.server.config.ConfigException;
import net.bluemind.xmpp.server.config.ListenerConfig;
import net.bluemind.xmpp.server.config.ServerConfig;
import net.bluemind.xmpp.server.delivery.MessageDelivery;
import net.bluemind.xmpp.server.disco.DiscoNodeProvider;
import net.bluemind.xmpp.server.disco.DiscoProcessor;
import net.bluemind.xmpp.server.engine.StanzaPath;
import net.bluemind.xmpp.server.hooks.RemoteRouter;
import net.bluemind.xmpp.server.hooks.StanzaHooks;
import net.bluemind.xmpp.server.jid.Jids;
import net.bluemind.xmpp.server.local.LocalAuthRepository;
import net.bluemind.xmpp.server.local.LocalDirectory;
import net.bluemind.xmpp.server.local.StaticVHostRepository;
import net.bluemind.xmpp.server.memory.MemoryBudget;
import net.bluemind.xmpp.server.pep.PepProcessor;
import net.bluemind.xmpp.server.ping.PingProcessor;
import net.bluemind.xmpp.server.plugins.PluginHost;
import net.bluemind.xmpp.server.presence.PresenceHandler;
import net.bluemind.xmpp.server.privatexml.PrivateXmlProcessor;
import net.bluemind.xmpp.server.roster.RosterService;
import net.bluemind.xmpp.server.router.IqRequests;
import net.bluemind.xmpp.server.router.ProcessorRegistry;
import net.bluemind.xmpp.server.router.Router;
import net.bluemind.xmpp.server.s2s.S2sListener;
import net.bluemind.xmpp.server.s2s.S2sManager;
import net.bluemind.xmpp.server.sasl.AccountKeys;
import net.bluemind.xmpp.server.sasl.AuthThrottle;
import net.bluemind.xmpp.server.sasl.SaslMechanisms;
import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.SessionManager;
import net.bluemind.xmpp.server.session.UserSerializer;
import net.bluemind.xmpp.server.sm.ResumableSessions;
import net.bluemind.xmpp.server.storage.JdbcUserDataRepository;
import net.bluemind.xmpp.server.storage.MemoryUserDataRepository;
import net.bluemind.xmpp.server.stream.StreamErrorCondition;
import net.bluemind.xmpp.server.tls.CertificateStore;
import net.bluemind.xmpp.server.tls.DomainSniMapping;
import net.bluemind.xmpp.server.version.VersionProcessor;
import net.bluemind.xmpp.spi.AccountAdministration;
import net.bluemind.xmpp.spi.AuthRepository;
import net.bluemind.xmpp.spi.AuthRepositoryProvider;
import net.bluemind.xmpp.spi.PresenceDecorator;
import net.bluemind.xmpp.spi.ProcessorProvider;
import net.bluemind.xmpp.spi.SessionControl;
import net.bluemind.xmpp.spi.StanzaProcessor;
import net.bluemind.xmpp.spi.UserDataRepository;
import net.bluemind.xmpp.spi.VHostListener;
import net.bluemind.xmpp.spi.VHostRepository;
import net.bluemind.xmpp.spi.VHostRepositoryProvider;

/**
 * The bootstrap: builds every part from the configuration, wires them (constructor injection, here
 * and nowhere else), binds the listeners, and shuts down cleanly.
 */
public final class Server implements AutoCloseable {

    public static final String VERSION = "0.1.0";
    private static final Logger log = LoggerFactory.getLogger(Server.class);
    /** How long a stop waits for clients' stanzas already read to be handled. */
    private static final java.time.Duration STOP_HANDLED_WAIT = java.time.Duration.ofSeconds(10);
    /** How long a stop waits for stored-state changes still queued. */
    private static final java.time.Duration STOP_STORAGE_WAIT = java.time.Duration.ofSeconds(20);
    private static final java.time.Duration STOP_BACKGROUND_WAIT = java.time.Duration.ofSeconds(5);

    private final ServerConfig config;
    private final VHostRepository vhosts;
    private final AuthRepository auth;
    private final CertificateStore certificates;
    private final SessionManager sessions = new SessionManager();
    private final ChannelGroup channels = new DefaultChannelGroup("bm-xmpp", GlobalEventExecutor.INSTANCE);
    private final List<C2SListener> listeners = new ArrayList<>();
    private final List<S2sListener> s2sListeners = new ArrayList<>();
    /** Federation, when the configuration enables it. */
    private S2sManager s2s;
    private final ThreadPoolExecutor background;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    /** The caps on accepted connections, shared by every listener. */
    private ConnectionAdmission admission;

    private final UserDataRepository userData;
    /** The storage this server opened itself, closed with it. */
    private AutoCloseable ownedStorage;
    /** The domain repository this server opened itself (a plugin's), closed with it. */
    private AutoCloseable ownedDomains;
    /** The conversation archive, or null when there is none. */
    private net.bluemind.xmpp.server.archive.ArchiveService archive;
    /** What plugins asked to close with the server. */
    /** What every plugin gets (PluginContext), and what they handed over to be closed with the server. */
    private final PluginHost plugins;
    /** The heap stanzas waiting in queues may take, all queues together. */
    private final MemoryBudget memory;
    /** Where stored-state changes wait their turn, per user: drained before the storage closes. */
    private final List<UserSerializer> serializers = new ArrayList<>();

    private Server(ServerConfig config, VHostRepository vhosts, AuthRepository auth, UserDataRepository userData, PluginHost plugins) {
        Jids.install(); // RFC 7622 preparation for every JID the process parses, before the first one
        this.config = config;
        this.plugins = plugins;
        this.vhosts = vhosts;
        this.auth = auth;
        this.userData = userData;
        this.certificates = new CertificateStore(config.tls(), config.stateDir().resolve("certs"));
        this.background = new ThreadPoolExecutor(2, 16, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000),
                new DefaultThreadFactory("bm-xmpp-background", true));
        this.memory = new MemoryBudget(config.limits().memory().budgetBytes());
    }

    /** Starts a server with the repositories the configuration names (standalone: static domains, local accounts). */
    public static Server start(ServerConfig config) throws ConfigException, InterruptedException {
        PluginHost plugins = new PluginHost(config.stateDir());
        VHostRepository vhosts = domainRepository(config, plugins);
        plugins.servedDomains(vhosts);
        UserDataRepository userData = null;
        try {
            AuthRepository auth = authRepository(config, vhosts, plugins);
            userData = "memory".equals(config.storage().type())
                    ? new MemoryUserDataRepository() : JdbcUserDataRepository.open(config.storage(), config.stateDir());
            Server s = start(config, vhosts, auth, userData, plugins);
            s.ownedStorage = userData instanceof AutoCloseable c ? c : null;
            s.ownedDomains = vhosts instanceof AutoCloseable c ? c : null;
            return s;
        } catch (Exception e) {
            plugins.close();
            if (userData instanceof AutoCloseable c) {
                closeQuietly(c);
            }
            if (vhosts instanceof AutoCloseable c) {
                closeQuietly(c);
            }
            throw e;
        }
    }

    /** {@code static} is the engine's own; any other name is a plugin's (ServiceLoader). */
    private static VHostRepository domainRepository(ServerConfig config, PluginHost plugins) throws ConfigException {
        String name = config.domains().repository();
        if ("static".equals(name)) {
            return new StaticVHostRepository(config.domains().list());
        }
        VHostRepositoryProvider provider = AuthRepositories.domains(name);
        if (provider == null) {
            throw new ConfigException("configuration", "domains.repository", "'" + name + "' is not available; known: "
                    + AuthRepositories.domainRepositoryNames());
        }
        try {
            VHostRepository repository = provider.create(plugins.context(config.domains().settings()));
            log.info("served domains from the '{}' repository", name);
            return repository;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("configuration", "domains.settings", e.getMessage());
        }
    }

    /** {@code local} is the engine's own; any other name is a plugin's (ServiceLoader). */
    private static AuthRepository authRepository(ServerConfig config, VHostRepository vhosts, PluginHost plugins) throws ConfigException {
        String name = config.auth().repository();
        if ("local".equals(name)) {
            LocalDirectory directory = config.auth().local().directory() == null
                    ? new LocalDirectory(null) : LocalDirectory.load(config.auth().local().directory());
            return new LocalAuthRepository(directory, config.auth().local().generated(), vhosts);
        }
        AuthRepositoryProvider provider = AuthRepositories.provider(name);
        if (provider == null) {
            throw new ConfigException("configuration", "auth.repository", "'" + name + "' is not available; known: " + AuthRepositories.names());
        }
        try {
            AuthRepository repository = provider.create(plugins.context(config.auth().settings()));
            log.info("accounts checked by the '{}' repository", name);
            return repository;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("configuration", "auth.settings", e.getMessage());
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.warn("closing the storage failed: {}", e.toString());
        }
    }

    /** Starts a server with the given repositories (the plugins' way in). */
    public static Server start(ServerConfig config, VHostRepository vhosts, AuthRepository auth, UserDataRepository userData)
            throws InterruptedException {
        return start(config, vhosts, auth, userData, new PluginHost(config.stateDir()));
    }

    private static Server start(ServerConfig config, VHostRepository vhosts, AuthRepository auth, UserDataRepository userData,
                                PluginHost plugins) throws InterruptedException {
        plugins.servedDomains(vhosts);
        Server s = new Server(config, vhosts, auth, userData, plugins);
        try {
            s.bind();
        } catch (Exception e) {
            // Netty rethrows bind failures (BindException) undeclared: close whatever started, whatever it was.
            s.close();
            throw e;
        }
        return s;
    }

    private void bind() throws InterruptedException {
        log.info("user data in {}", "memory".equals(config.storage().type()) ? "memory (lost at stop)" : config.storage().type()
                + (config.storage().url() == null ? " under " + config.stateDir().resolve("db") : " at " + config.storage().redactedUrl()));
        for (VHostRepository.VHost v : vhosts.vhosts()) {
            certificates.serverContext(v.domain(), v.aliases());
        }
        vhosts.addListener(new CertificateRefresher());
        C2SServices services = services();
        DomainSniMapping sni = new DomainSniMapping(certificates, vhosts, this::fallbackDomain);
        int threads = config.server().ioThreads() > 0 ? config.server().ioThreads() : 2 * Runtime.getRuntime().availableProcessors();
        Class<? extends ServerChannel> channelType;
        if (Epoll.isAvailable()) {
            boss = new EpollEventLoopGroup(1, new DefaultThreadFactory("bm-xmpp-accept"));
            workers = new EpollEventLoopGroup(threads, new DefaultThreadFactory("bm-xmpp-io"));
            channelType = EpollServerSocketChannel.class;
        } else {
            boss = new NioEventLoopGroup(1, new DefaultThreadFactory("bm-xmpp-accept"));
            workers = new NioEventLoopGroup(threads, new DefaultThreadFactory("bm-xmpp-io"));
            channelType = NioServerSocketChannel.class;
        }
        if (s2s != null) {
            s2s.start(workers, Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class);
        }
        admission = new ConnectionAdmission(config.limits().connections(), OpenFileLimit.read());
        for (ListenerConfig lc : config.listeners()) {
            if (lc.s2s()) {
                bindS2s(lc, channelType);
                continue;
            }
            C2SListener l = new C2SListener(lc, services, sni, channels, admission);
            l.bind(boss, workers, channelType);
            listeners.add(l);
            log.info("listening: {}", l.describe());
        }
        log.info("bm-xmpp {} started: {} I/O threads ({}), TLS by {}, serving {}", VERSION, threads,
                Epoll.isAvailable() ? "epoll" : "nio", certificates.providerName(), describeDomains());
    }

    private void bindS2s(ListenerConfig lc, Class<? extends ServerChannel> channelType) throws InterruptedException {
        if (s2s == null) {
            log.warn("s2s listener on {}:{} not started: federation is off (s2s.enabled)", lc.address(), lc.port());
            return;
        }
        S2sListener l = new S2sListener(lc, s2s, channels, admission);
        l.bind(boss, workers, channelType);
        s2sListeners.add(l);
        log.info("listening: {}", l.describe());
    }

    private C2SServices services() {
        RemoteRouter remote = RemoteRouter.none(vhosts);
        if (config.s2s().enabled()) {
            s2s = new S2sManager(config.s2s(), vhosts, certificates, config.limits(), background, memory);
            remote = s2s;
        }
        StanzaPath path = new StanzaPath(vhosts, auth, userData, sessions, remote, new StanzaPath.Limits(config.limits().maxRosterItems(),
                config.storage().maxOfflinePerUser(), config.storage().maxOfflineBytesPerUser()));
        serializers.add(path.serializer);
        RosterService rosters = path.rosters;
        PresenceHandler presences = path.presences;
        StanzaHooks hooks = path.hooks;
        archive = net.bluemind.xmpp.server.archive.ArchiveService.open(config, userData, rosters, memory, plugins);
        if (archive != null) {
            archive.archiving().attach(hooks);
        }
        log.debug("stanza path: {}", hooks);
        MessageDelivery messages = path.messages;
        List<StanzaProcessor> processors = new ArrayList<>(pluginProcessors(presences, hooks));
        processors.addAll(path.processors());
        IqRequests serverRequests = new IqRequests();
        // Personal storage has its own per-user order: its steps look rosters up, which take the roster order.
        UserSerializer personalStorage = new UserSerializer();
        serializers.add(personalStorage);
        PepProcessor pep = new PepProcessor(userData, rosters, sessions, personalStorage);
        presences.addListener(new EntityCapsService(serverRequests, List.of(pep.capsListener())));
        processors.add(pep);
        processors.add(new PrivateXmlProcessor(userData, personalStorage));
        if (archive != null) {
            processors.add(archive.processor());
        }
        ProcessorRegistry[] registry = new ProcessorRegistry[1];
        AdHocProcessor adhoc = new AdHocProcessor(ServiceAdministration.commands(sessions, vhosts, userData,
                auth instanceof AccountAdministration a ? a : null), vhosts, Clock.systemUTC());
        processors.add(adhoc);
        processors.add(new DiscoProcessor(t -> registry[0].discoFeatures(t), config.server().name(),
                List.of(pep.disco(), DiscoNodeProvider.contributor(adhoc))));
        processors.add(new PingProcessor());
        processors.add(new VersionProcessor(config.server().name(), VERSION,
                config.server().revealOs() ? System.getProperty("os.name") + " " + System.getProperty("os.version") : null));
        registry[0] = new ProcessorRegistry(processors, hooks);
        Router router = path.router(registry[0], background, serverRequests, remote);
        if (s2s != null) {
            s2s.bind(router::routeFromRemote, router::routeFromServer);
        }
        Set<String> admins = new HashSet<>();
        for (String a : config.admins()) {
            admins.add(a.toLowerCase(Locale.ROOT));
        }
        return new C2SServices(vhosts, certificates, new SaslMechanisms(auth), new AuthThrottle(config.auth().throttle(), Clock.systemUTC()),
                new AccountKeys(auth, vhosts),
                sessions, router, presences, registry[0], config.limits(), config.auth().maxAttemptsPerConnection(), Set.copyOf(admins),
                messages, new ResumableSessions(), config.server().resumeTimeoutSeconds(), memory, hooks);
    }

    /** Every {@link ProcessorProvider} on the class path, asked first so a plugin may take a slice of a namespace. */
    private List<StanzaProcessor> pluginProcessors(PresenceHandler presences, StanzaHooks hooks) {
        List<StanzaProcessor> out = new ArrayList<>();
        plugins.bind(new PluginHost.Engine() {
            @Override
            public StanzaHooks hooks() {
                return hooks;
            }

            @Override
            public SessionControl sessions() {
                return Server.this::endSessions;
            }

            @Override
            public java.util.concurrent.Executor background() {
                return background;
            }

            @Override
            public void addPresenceDecorator(PresenceDecorator decorator) {
                presences.addDecorator(decorator);
            }

            @Override
            public void rebroadcastPresence(String bareJid) {
                try {
                    presences.rebroadcast(org.jxmpp.jid.impl.JidCreate.entityBareFrom(bareJid));
                } catch (org.jxmpp.stringprep.XmppStringprepException e) {
                    log.debug("no presence to rebroadcast for '{}'", bareJid);
                }
            }
        });
        for (ProcessorProvider provider : ServiceLoader.load(ProcessorProvider.class)) {
            try {
                List<StanzaProcessor> added = provider.create(plugins.context(config.pluginSettings(provider.name())));
                out.addAll(added);
                log.info("plugin '{}' adds {}", provider.name(), added.stream().map(StanzaProcessor::id).toList());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(new ConfigException("configuration", "plugins." + provider.name(), e.getMessage()));
            }
        }
        return out;
    }

    /** Ends every session of an account with a stream error (a plugin's {@link SessionControl}). */
    private int endSessions(String bareJid, String condition, String text) {
        StreamErrorCondition c = StreamErrorCondition.valueOf(condition.toUpperCase(Locale.ROOT).replace('-', '_'));
        int n = 0;
        try {
            for (ClientSession cs : sessions.sessions(org.jxmpp.jid.impl.JidCreate.entityBareFrom(bareJid))) {
                cs.closeWithError(c, text);
                n++;
            }
        } catch (org.jxmpp.stringprep.XmppStringprepException e) {
            return 0;
        }
        return n;
    }

    private String fallbackDomain() {
        String best = null;
        for (VHostRepository.VHost v : vhosts.vhosts()) {
            if (best == null || v.domain().compareTo(best) < 0) {
                best = v.domain();
            }
        }
        return best;
    }

    private String describeDomains() {
        List<String> out = new ArrayList<>();
        for (VHostRepository.VHost v : vhosts.vhosts()) {
            out.add(v.aliases().isEmpty() ? v.domain() : v.domain() + " " + v.aliases());
        }
        out.sort(null);
        return out.isEmpty() ? "no domain yet" : String.join(", ", out);
    }

    /** Keeps certificates in step with the served domains; ends the sessions of a domain no longer served. */
    private final class CertificateRefresher implements VHostListener {
        @Override
        public void added(VHostRepository.VHost vhost) {
            certificates.serverContext(vhost.domain(), vhost.aliases());
            log.info("now serving {}", vhost.domain());
        }

        @Override
        public void removed(VHostRepository.VHost vhost) {
            certificates.forget(vhost.domain());
            for (ClientSession s : sessions.all()) {
                if (s.bareJid().getDomain().toString().equals(vhost.domain())) {
                    s.closeWithError(StreamErrorCondition.HOST_GONE, vhost.domain() + " is no longer served here");
                }
            }
            log.info("no longer serving {}", vhost.domain());
        }

        @Override
        public void changed(VHostRepository.VHost before, VHostRepository.VHost after) {
            certificates.forget(after.domain());
            certificates.serverContext(after.domain(), after.aliases());
        }
    }

    public ServerConfig config() {
        return config;
    }

    public VHostRepository vhosts() {
        return vhosts;
    }

    public CertificateStore certificates() {
        return certificates;
    }

    public SessionManager sessions() {
        return sessions;
    }

    /** The caps on accepted connections and what they count now. */
    public ConnectionAdmission admission() {
        return admission;
    }

    /** The bound port of the first listener of that kind, for tests and the start-up message. */
    public int port(boolean directTls) {
        for (C2SListener l : listeners) {
            if (l.config().directTls() == directTls) {
                return l.port();
            }
        }
        throw new IllegalStateException("no " + (directTls ? "direct TLS" : "STARTTLS") + " listener");
    }

    /** The bound port of the first server-to-server listener. */
    public int s2sPort() {
        if (s2sListeners.isEmpty()) {
            throw new IllegalStateException("no s2s listener");
        }
        return s2sListeners.get(0).port();
    }

    public List<String> describeListeners() {
        List<String> out = new ArrayList<>();
        for (C2SListener l : listeners) {
            out.add(l.describe());
        }
        for (S2sListener l : s2sListeners) {
            out.add(l.describe());
        }
        return out;
    }

    /**
     * Stops without losing what clients were told was stored, each step bounded in time (what a step could
     * not finish is logged): no more connections; clients' stanzas already read are handled (stored) and
     * acknowledged, then clients are told the server is going away; routing ends; stored-state changes still
     * queued (offline messages, among them those clients never acknowledged) are written; the archive writer
     * hands what it holds to its spool; the storage closes last.
     */
    @Override
    public void close() {
        long started = System.nanoTime();
        for (C2SListener l : listeners) {
            l.close();
        }
        for (S2sListener l : s2sListeners) {
            l.close();
        }
        if (s2s != null) {
            s2s.close();
        }
        ShutdownSteps.handleWhatWasRead(channels, STOP_HANDLED_WAIT);
        for (ClientSession s : sessions.all()) {
            s.closeWithError(StreamErrorCondition.SYSTEM_SHUTDOWN, "the server is shutting down");
        }
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        ShutdownSteps.drain(serializers, STOP_STORAGE_WAIT);
        background.shutdown();
        ShutdownSteps.await(background, "background tasks", STOP_BACKGROUND_WAIT);
        plugins.close();
        // The archive writer before the storage: it spools what it holds (every offline message stored above was
        // handed to it; the archiving preferences it applies are read from the storage); its backend closes with it.
        if (archive != null) {
            closeQuietly(archive);
        }
        if (ownedStorage != null) {
            closeQuietly(ownedStorage);
        }
        if (ownedDomains != null) {
            closeQuietly(ownedDomains);
        }
        log.info("stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** The heap stanzas waiting in queues take, all queues together. */
    public MemoryBudget memory() {
        return memory;
    }

    /** The conversation archive, or null when there is none. */
    public net.bluemind.xmpp.server.archive.ArchiveService archive() {
        return archive;
    }

    /** Where state lives, for messages. */
    public Path stateDir() {
        return config.stateDir();
    }
}
