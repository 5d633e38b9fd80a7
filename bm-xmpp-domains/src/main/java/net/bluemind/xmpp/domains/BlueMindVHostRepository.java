package net.bluemind.xmpp.domains;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import net.bluemind.xmpp.coreclient.BmMq;
import net.bluemind.xmpp.coreclient.CoreClient;
import net.bluemind.xmpp.spi.VHostListener;
import net.bluemind.xmpp.spi.VHostRepository;

/**
 * The BlueMind domains assigned to this server ({@code bm/xmpp}), each with its aliases. Loaded at start
 * (waiting a bounded time for bm-core), then kept live: every bm-mq event, every (re)connection to bm-mq and
 * a periodic timer trigger a full re-read from bm-core, diffed against what is served. Listeners are called
 * on this repository's own thread.
 */
public final class BlueMindVHostRepository implements VHostRepository, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BlueMindVHostRepository.class);
    private static final Duration RETRY_WHILE_UNREACHABLE = Duration.ofSeconds(2);

    private final BlueMindDomainsConfig config;
    private final ServedDomainsReader reader;
    private final ScheduledExecutorService worker;
    private final List<VHostListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean resyncPending = new AtomicBoolean();
    private volatile Map<String, VHost> domains = Map.of();
    /** Every name and alias (lower case) → canonical name. */
    private volatile Map<String, String> names = Map.of();
    private volatile boolean lastResyncFailed;
    /** This repository's subscription to domain events on bm-mq. */
    private AutoCloseable subscription;

    private BlueMindVHostRepository(BlueMindDomainsConfig config, CoreClient core) {
        this.config = config;
        this.reader = new ServedDomainsReader(core, config);
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bm-xmpp-domains");
            t.setDaemon(true);
            return t;
        });
    }

    /** The bm-mq connection of these settings (the plugins share it when their {@code amqp-uri} agree). */
    static BmMq openMq(BlueMindDomainsConfig config) {
        return BmMq.start(config.amqpUri(), config.connectTimeout(), "bm-xmpp " + config.serverName());
    }

    /**
     * Loads the served domains (waiting up to {@code startWait} for bm-core), then follows bm-mq, on the bm-core
     * client and the bm-mq connection given (ones the plugins share; closed by their owner): domain events ({@code domain.*}) trigger a resync, and so does every (re)connection,
     * for the events it may have missed. (User events are the auth plugin's: it ends the sessions of revoked accounts.)
     */
    public static BlueMindVHostRepository start(BlueMindDomainsConfig config, CoreClient core, BmMq mq)
            throws InterruptedException {
        BlueMindVHostRepository r = new BlueMindVHostRepository(config, core);
        r.loadAtStart();
        long period = config.resync().toMillis();
        r.worker.scheduleWithFixedDelay(r::periodicResync, period, period, TimeUnit.MILLISECONDS);
        // Server-named: one queue per server (and a random suffix per process, added by BmMq).
        r.subscription = mq.subscribe("bm-xmpp.domains." + config.serverName(),
                List.of(new BmMq.Topic(BmMq.SYSTEM_EXCHANGE, "domain.*")),
                new BmMq.Subscriber() {
                    @Override
                    public void connected() {
                        r.requestResync("bm-mq (re)connected");
                    }

                    @Override
                    public void event(String operation, JsonNode body) {
                        r.onEvent(operation, body);
                    }
                });
        return r;
    }

    /** On the AMQP client's thread: hands over to the worker. */
    private void onEvent(String operation, JsonNode body) {
        if (operation.startsWith("domain.")) {
            requestResync(operation);
        }
    }

    private void loadAtStart() throws InterruptedException {
        long deadline = System.nanoTime() + config.startWait().toNanos();
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                apply(reader.read());
                log.info("serving {} domain(s) assigned to server {} in bm-core at {}", domains.size(), config.serverName(),
                        config.coreUrl());
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    lastResyncFailed = true;
                    log.error("bm-core at {} still unreachable after {} s ({}): serving no domain for now, retrying every {} s",
                            config.coreUrl(), config.startWait().toSeconds(), e.getMessage(), RETRY_WHILE_UNREACHABLE.toSeconds());
                    worker.schedule(this::periodicResync, RETRY_WHILE_UNREACHABLE.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                }
                log.warn("waiting for bm-core at {} to list the served domains (attempt {}): {}", config.coreUrl(), attempt,
                        e.getMessage());
                Thread.sleep(Math.min(RETRY_WHILE_UNREACHABLE.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            }
        }
    }

    /** Asks for a full re-read from bm-core; requests arriving while one is queued share it. */
    public void requestResync(String why) {
        if (resyncPending.compareAndSet(false, true)) {
            log.debug("resync requested: {}", why);
            worker.execute(() -> {
                resyncPending.set(false);
                resync();
            });
        }
    }

    private void periodicResync() {
        resync();
    }

    private void resync() {
        try {
            apply(reader.read());
            if (lastResyncFailed) {
                log.info("bm-core answers again: serving {} domain(s)", domains.size());
            }
            lastResyncFailed = false;
        } catch (RuntimeException e) {
            if (!lastResyncFailed) {
                log.warn("cannot re-read the served domains from bm-core ({}): keeping the {} served", e.getMessage(), domains.size());
            }
            lastResyncFailed = true;
            if (!worker.isShutdown()) {
                worker.schedule(this::resync, RETRY_WHILE_UNREACHABLE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Publishes the new set, then tells listeners: a removed name is already unknown when they hear of it. */
    private void apply(Map<String, VHost> fresh) {
        Map<String, VHost> before = domains;
        Map<String, String> byName = new HashMap<>();
        fresh.values().forEach(v -> {
            byName.put(v.domain(), v.domain());
            v.aliases().forEach(a -> byName.putIfAbsent(a, v.domain()));
        });
        domains = Map.copyOf(fresh);
        names = Map.copyOf(byName);
        for (VHost old : before.values()) {
            VHost now = fresh.get(old.domain());
            if (now == null) {
                log.info("domain {} no longer assigned to {}", old.domain(), config.serverName());
                tell(l -> l.removed(old));
            } else if (!now.aliases().equals(old.aliases())) {
                log.info("aliases of {} now {}", now.domain(), now.aliases());
                tell(l -> l.changed(old, now));
            }
        }
        for (VHost now : fresh.values()) {
            if (!before.containsKey(now.domain())) {
                log.info("domain {} {} assigned to {}", now.domain(), now.aliases(), config.serverName());
                tell(l -> l.added(now));
            }
        }
    }

    private void tell(java.util.function.Consumer<VHostListener> event) {
        for (VHostListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                log.warn("a domain listener failed: {}", e.toString());
            }
        }
    }

    @Override
    public Set<VHost> vhosts() {
        return Set.copyOf(domains.values());
    }

    @Override
    public String canonical(String domainOrAlias) {
        return domainOrAlias == null ? null : names.get(ServedDomainsReader.lower(domainOrAlias));
    }

    @Override
    public void addListener(VHostListener listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                log.debug("ending the bm-mq subscription: {}", e.toString());
            }
        }
        worker.shutdownNow();
    }
}
