package net.bluemind.xmpp.domains;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;

/**
 * Listens to bm-mq (RabbitMQ): {@code bm.system.notifications} {@code domain.*} and
 * {@code bm.user.notifications} {@code user.*}, on an exclusive auto-delete queue named after this server.
 * The connection recovers by itself; every (re)connection is reported, so that missed events are made up
 * by a full resync. When the broker is down at start, connecting is retried in the background.
 */
final class BmMqSubscriber implements AutoCloseable {

    static final String SYSTEM_EXCHANGE = "bm.system.notifications";
    static final String USER_EXCHANGE = "bm.user.notifications";
    private static final Logger log = LoggerFactory.getLogger(BmMqSubscriber.class);
    private static final long RETRY_MILLIS = 2_000;

    /** What the subscriber reports; called on the AMQP client's threads: hand over, do not block. */
    interface Handler {
        void connected();

        void domainEvent(String operation);

        void userEvent(String operation, String domainUid, String userUid);
    }

    private final ConnectionFactory factory = new ConnectionFactory();
    private final ObjectMapper json = new ObjectMapper();
    private final BlueMindDomainsConfig config;
    private final Handler handler;
    private final String queueName;
    private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bm-xmpp-domains-amqp");
        t.setDaemon(true);
        return t;
    });
    private volatile Connection connection;
    private volatile boolean closed;
    private boolean warnedDown;

    private BmMqSubscriber(BlueMindDomainsConfig config, Handler handler) {
        this.config = config;
        this.handler = handler;
        // Server-named; the suffix keeps two processes configured alike (tests, a restart overlap) apart.
        this.queueName = "bm-xmpp.domains." + config.serverName() + "." + UUID.randomUUID().toString().substring(0, 8);
        try {
            factory.setUri(config.amqpUri());
        } catch (Exception e) {
            throw new IllegalArgumentException("invalid amqp-uri: " + e.getMessage(), e);
        }
        factory.setConnectionTimeout((int) config.connectTimeout().toMillis());
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(1_000);
        factory.setRequestedHeartbeat(10);
    }

    static BmMqSubscriber start(BlueMindDomainsConfig config, Handler handler) {
        BmMqSubscriber s = new BmMqSubscriber(config, handler);
        s.connector.execute(s::connect);
        return s;
    }

    private void connect() {
        if (closed) {
            return;
        }
        try {
            Connection c = factory.newConnection("bm-xmpp domains " + config.serverName());
            Channel ch = c.createChannel();
            ch.exchangeDeclare(SYSTEM_EXCHANGE, BuiltinExchangeType.TOPIC, true);
            ch.exchangeDeclare(USER_EXCHANGE, BuiltinExchangeType.TOPIC, true);
            ch.queueDeclare(queueName, false, true, true, null);
            ch.queueBind(queueName, SYSTEM_EXCHANGE, "domain.*");
            ch.queueBind(queueName, USER_EXCHANGE, "user.*");
            ch.basicConsume(queueName, true, (tag, delivery) -> deliver(delivery), tag -> { });
            ((Recoverable) c).addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecovery(Recoverable recoverable) {
                    log.info("bm-mq connection recovered: resyncing the served domains");
                    handler.connected();
                }

                @Override
                public void handleRecoveryStarted(Recoverable recoverable) {
                    log.warn("bm-mq connection lost: recovering (the periodic resync goes on meanwhile)");
                }
            });
            connection = c;
            if (closed) {
                closeConnection();
                return;
            }
            log.info("following bm-mq at {}:{} on queue {}", config.amqpUri().getHost(), config.amqpUri().getPort(), queueName);
            handler.connected();
        } catch (Exception e) {
            if (!warnedDown) {
                warnedDown = true;
                log.warn("bm-mq at {}:{} unavailable ({}): serving from bm-core with periodic resyncs, retrying every {} s",
                        config.amqpUri().getHost(), config.amqpUri().getPort(), e.toString(), RETRY_MILLIS / 1000);
            }
            if (!closed) {
                connector.schedule(this::connect, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void deliver(Delivery delivery) {
        String operation = delivery.getEnvelope().getRoutingKey();
        try {
            if (operation.startsWith("domain.")) {
                handler.domainEvent(operation);
            } else if (operation.startsWith("user.")) {
                JsonNode body = json.readTree(delivery.getBody());
                String domain = body.path("domain").asText(null);
                String uid = body.path("uid").asText(null);
                if (domain != null && uid != null) {
                    handler.userEvent(operation, domain, uid);
                } else {
                    log.warn("bm-mq {} event without domain or uid: ignored", operation);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("bm-mq {} event unreadable ({}): ignored", operation, e.toString());
        }
    }

    /** Whether the connection is open now (tests, health). */
    boolean isConnected() {
        Connection c = connection;
        return c != null && c.isOpen();
    }

    @Override
    public void close() {
        closed = true;
        connector.shutdownNow();
        closeConnection();
    }

    private void closeConnection() {
        Connection c = connection;
        if (c != null) {
            try {
                c.close(2_000);
            } catch (Exception e) {
                log.debug("closing bm-mq: {}", e.toString());
            }
        }
    }
}
