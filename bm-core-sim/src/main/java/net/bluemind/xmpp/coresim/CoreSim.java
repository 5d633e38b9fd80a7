package net.bluemind.xmpp.coresim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.bluemind.xmpp.coresim.control.ApiDelay;
import net.bluemind.xmpp.coresim.control.SimControlRoutes;
import net.bluemind.xmpp.coresim.directory.Directory;
import net.bluemind.xmpp.coresim.fixture.FixtureLoader;
import net.bluemind.xmpp.coresim.fixture.FixtureSource;
import net.bluemind.xmpp.coresim.http.HttpFront;
import net.bluemind.xmpp.coresim.http.Router;
import net.bluemind.xmpp.coresim.mq.AmqpEventPublisher;
import net.bluemind.xmpp.coresim.mq.EventPublisher;
import net.bluemind.xmpp.coresim.rest.BlueMindJson;
import net.bluemind.xmpp.coresim.rest.CoreRestRoutes;

/** A running bm-core simulator: REST on {@code /api}, admin-console actions on {@code /sim}. */
public final class CoreSim implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CoreSim.class);

    private final HttpFront http;
    private final EventPublisher events;
    private final Directory directory;

    private CoreSim(HttpFront http, EventPublisher events, Directory directory) {
        this.http = http;
        this.events = events;
        this.directory = directory;
    }

    public static CoreSim start(CoreSimConfig config) {
        Clock clock = Clock.systemUTC();
        Directory directory = new Directory(clock, config.adminToken());
        FixtureSource source = config.fixtures() == null
                ? FixtureSource.bundledDemo() : FixtureSource.directory(config.fixtures());
        new FixtureLoader().load(source, directory);
        EventPublisher events = config.amqpUri() == null ? EventPublisher.none()
                : new AmqpEventPublisher(config.amqpUri(), CoreSimConfig.AMQP_CONNECT_TIMEOUT,
                        CoreSimConfig.AMQP_RETRY_AFTER, clock);
        BlueMindJson json = new BlueMindJson();
        Router router = new Router();
        ApiDelay delay = new ApiDelay();
        new CoreRestRoutes(directory, json).register(router);
        new SimControlRoutes(directory, events, json, delay).register(router);
        try {
            HttpFront http = new HttpFront(config.host(), config.port(), router, config.threads(), delay);
            LOG.info("bm-core-sim listening on {}:{} ({})", config.host(), http.port(),
                    config.fixtures() == null ? "bundled demo" : config.fixtures());
            return new CoreSim(http, events, directory);
        } catch (IOException e) {
            events.close();
            throw new UncheckedIOException("bm-core-sim cannot listen on " + config.host() + ":" + config.port(), e);
        }
    }

    public int port() {
        return http.port();
    }

    /** The live state, for tests and the in-process standalone mode. */
    public Directory directory() {
        return directory;
    }

    @Override
    public void close() {
        http.close();
        events.close();
    }
}
