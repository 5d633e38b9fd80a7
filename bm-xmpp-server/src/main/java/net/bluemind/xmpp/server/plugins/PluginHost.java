package net.bluemind.xmpp.server.plugins;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.bluemind.xmpp.server.hooks.StanzaHooks;
import net.bluemind.xmpp.spi.MessageHooks;
import net.bluemind.xmpp.spi.PluginContext;
import net.bluemind.xmpp.spi.PresenceDecorator;
import net.bluemind.xmpp.spi.SessionControl;
import net.bluemind.xmpp.spi.VHostRepository;

/**
 * One per server: the {@link PluginContext} every plugin gets, the same way whatever it provides. Repositories are
 * made before the server runs (the server needs them), so what only exists then (sessions, presence, the executor)
 * is bound later: {@link #bind}. Until then sessions are none, presence decorators and message hooks wait, background
 * work runs on the common pool. Resources plugins share are made once, by the first plugin that asks.
 */
public final class PluginHost {

    private static final Logger log = LoggerFactory.getLogger(PluginHost.class);

    /** What the running server lends the plugins. */
    public interface Engine {
        StanzaHooks hooks();

        SessionControl sessions();

        Executor background();

        void addPresenceDecorator(PresenceDecorator decorator);

        void rebroadcastPresence(String bareJid);
    }

    private final Path stateDir;
    private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();
    private final List<PresenceDecorator> waitingDecorators = new ArrayList<>();
    private volatile Engine engine;
    private volatile VHostRepository vhosts;
    private final PluginMessageHooks messageHooks = new PluginMessageHooks();
    private final Map<Object, Object> shared = new ConcurrentHashMap<>();

    public PluginHost(Path stateDir) {
        this.stateDir = stateDir;
    }

    /** The served domains exist (made by the engine or a plugin): every context made before or after has them. */
    public void servedDomains(VHostRepository domains) {
        this.vhosts = domains;
    }

    /** The server runs: what plugins were promised now reaches it. */
    public void bind(Engine running) {
        List<PresenceDecorator> waiting;
        synchronized (waitingDecorators) {
            this.engine = running;
            waiting = List.copyOf(waitingDecorators);
            waitingDecorators.clear();
        }
        waiting.forEach(running::addPresenceDecorator);
        messageHooks.bind(running.hooks());
    }

    /**
     * The context of one plugin.
     *
     * @param settings its section of the configuration
     */
    public PluginContext context(Map<String, Object> settings) {
        Map<String, Object> own = settings == null ? Map.of() : settings;
        return new PluginContext() {
            @Override
            public Map<String, Object> settings() {
                return own;
            }

            @Override
            public Path stateDir() {
                return stateDir;
            }

            @Override
            public Executor background() {
                return task -> {
                    Engine e = engine;
                    (e == null ? ForkJoinPool.commonPool() : e.background()).execute(task);
                };
            }

            @Override
            public VHostRepository vhosts() {
                VHostRepository v = vhosts;
                if (v == null) {
                    throw new IllegalStateException("the served domains are not made yet (they are this plugin's to provide)");
                }
                return v;
            }

            @Override
            public SessionControl sessions() {
                return (bareJid, condition, text) -> {
                    Engine e = engine;
                    return e == null ? 0 : e.sessions().endSessions(bareJid, condition, text);
                };
            }

            @Override
            public void addPresenceDecorator(PresenceDecorator decorator) {
                synchronized (waitingDecorators) {
                    if (engine == null) {
                        waitingDecorators.add(decorator);
                        return;
                    }
                }
                engine.addPresenceDecorator(decorator);
            }

            @Override
            public void rebroadcastPresence(String bareJid) {
                Engine e = engine;
                if (e != null) {
                    e.rebroadcastPresence(bareJid);
                }
            }

            @Override
            public void onClose(AutoCloseable resource) {
                resources.add(resource);
            }

            @Override
            public MessageHooks messages() {
                return messageHooks;
            }

            @Override
            public <T> T shared(Object key, Class<T> type, Supplier<? extends T> make) {
                return PluginHost.this.shared(key, type, make);
            }
        };
    }

    private <T> T shared(Object key, Class<T> type, Supplier<? extends T> make) {
        Object made = shared.computeIfAbsent(key, k -> {
            T fresh = make.get();
            if (fresh instanceof AutoCloseable c) {
                resources.add(c);
            }
            log.debug("a {} is shared between plugins", fresh.getClass().getSimpleName());
            return fresh;
        });
        if (!type.isInstance(made)) {
            throw new IllegalStateException("what plugins share under this key is a " + made.getClass().getName() + ", not a "
                    + type.getName());
        }
        return type.cast(made);
    }

    /** Closes what the plugins handed over, the last handed first; a failure is logged and the others still close. */
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            AutoCloseable r = resources.get(i);
            try {
                r.close();
            } catch (Exception e) {
                log.warn("closing a plugin's {} failed: {}", r.getClass().getSimpleName(), e.toString());
            }
        }
        resources.clear();
    }
}
