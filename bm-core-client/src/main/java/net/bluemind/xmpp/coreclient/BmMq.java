package net.bluemind.xmpp.coreclient;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
 * One connection to bm-mq (BlueMind's RabbitMQ) for every plugin that follows BlueMind's events. Each
 * subscription has its own channel and an exclusive, auto-deleted queue bound to the topics it names. The
 * connection recovers by itself, queues, bindings and consumers included, and every subscriber is told of each
 * (re)connection, so that it makes up for the events it may have missed. A broker that is down at start is
 * retried every 2 s in the background.
 */
public final class BmMq implements AutoCloseable {

    /** bm-mq on a BlueMind host: the local RabbitMQ. */
    public static final URI DEFAULT_URI = URI.create("amqp://guest:guest@127.0.0.1:5672");
    /** Where domain events are published ({@code domain.created}, {@code domain.deleted}...). */
    public static final String SYSTEM_EXCHANGE = "bm.system.notifications";
    /** Where user events are published ({@code user.updated}, {@code user.roles}...). */
    public static final String USER_EXCHANGE = "bm.user.notifications";

    private static final Logger log = LoggerFactory.getLogger(BmMq.class);
    private static final long RETRY_MILLIS = 2_000;

    /** What plugins share one connection under (a plugin context's {@code shared}): the broker's URI. */
    public record Key(URI amqpUri) {
    }

    /** A topic a subscription follows: an exchange and a routing key pattern ({@code user.*}). */
    public record Topic(String exchange, String routingKey) {
    }

    /** What a subscriber is told, on the AMQP client's threads: hand over, do not block. */
    public interface Subscriber {
        /** Connected, or connected again after a loss: events may have been missed meanwhile. */
        default void connected() {
        }

        /** One event: its routing key ({@code user.updated}) and its JSON body (missing when it has none). */
        void event(String routingKey, JsonNode body);
    }

    private final class Subscription implements AutoCloseable {
        final String queuePrefix;
        final List<Topic> topics;
        final Subscriber subscriber;
        /** Touched on the connector thread only. */
        Channel channel;

        Subscription(String queuePrefix, List<Topic> topics, Subscriber subscriber) {
            this.queuePrefix = queuePrefix;
            this.topics = List.copyOf(topics);
            this.subscriber = subscriber;
        }

        /** Ends this subscription: its channel (and queue) are closed when this returns, or after 5 s at most. */
        @Override
        public void close() {
            subscriptions.remove(this);
            try {
                connector.submit(() -> {
                    Channel ch = channel;
                    channel = null;
                    if (ch != null && ch.isOpen()) {
                        try {
                            ch.close();
                        } catch (IOException | RuntimeException | TimeoutException e) {
                            log.debug("closing the bm-mq channel of {}: {}", queuePrefix, e.toString());
                        }
                    }
                }).get(5, TimeUnit.SECONDS);
            } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
                log.debug("closing the bm-mq subscription {}: {}", queuePrefix, e.toString()); // the connection is closing or closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final ConnectionFactory factory = new ConnectionFactory();
    private final ObjectMapper json = new ObjectMapper();
    private final URI uri;
    private final String name;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bm-mq-connector");
        t.setDaemon(true);
        return t;
    });
    private volatile Connection connection;
    private volatile boolean closed;
    private boolean warnedDown;

    private BmMq(URI uri, Duration connectTimeout, String name) {
        this.uri = uri;
        this.name = name;
        try {
            factory.setUri(uri);
        } catch (Exception e) {
            throw new IllegalArgumentException("invalid amqp-uri: " + e.getMessage(), e);
        }
        factory.setConnectionTimeout((int) connectTimeout.toMillis());
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(1_000);
        factory.setRequestedHeartbeat(10);
    }

    /**
     * Starts connecting, in the background.
     *
     * @param name how the connection is named in RabbitMQ's management and in logs
     * @throws IllegalArgumentException for a URI that is not an AMQP one
     */
    public static BmMq start(URI amqpUri, Duration connectTimeout, String name) {
        BmMq mq = new BmMq(amqpUri, connectTimeout, name);
        mq.connector.execute(mq::connect);
        return mq;
    }

    /**
     * Follows {@code topics} on a queue of its own named {@code queuePrefix} and a random suffix (two processes
     * configured alike stay apart). Closing what is returned ends this subscription only.
     */
    public AutoCloseable subscribe(String queuePrefix, List<Topic> topics, Subscriber subscriber) {
        Subscription s = new Subscription(queuePrefix, topics, subscriber);
        subscriptions.add(s);
        connector.execute(() -> {
            Connection c = connection;
            if (c != null && c.isOpen() && s.channel == null && subscriptions.contains(s)) {
                declareOrWarn(c, s);
            }
        });
        return s;
    }

    /** Whether the connection is open now (tests, health). */
    public boolean isConnected() {
        Connection c = connection;
        return c != null && c.isOpen();
    }

    private void connect() {
        if (closed) {
            return;
        }
        try {
            Connection c = factory.newConnection(name);
            ((Recoverable) c).addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecovery(Recoverable recoverable) {
                    log.info("bm-mq connection recovered: the subscribers make up for what they missed");
                    subscriptions.forEach(s -> s.subscriber.connected());
                }

                @Override
                public void handleRecoveryStarted(Recoverable recoverable) {
                    log.warn("bm-mq connection lost: recovering");
                }
            });
            connection = c;
            if (closed) {
                closeConnection();
                return;
            }
            log.info("connected to bm-mq at {}:{}", uri.getHost(), uri.getPort());
            for (Subscription s : subscriptions) {
                if (s.channel == null) {
                    declareOrWarn(c, s);
                }
            }
        } catch (Exception e) {
            if (!warnedDown) {
                warnedDown = true;
                log.warn("bm-mq at {}:{} unavailable ({}): retrying every {} s", uri.getHost(), uri.getPort(), e.toString(),
                        RETRY_MILLIS / 1000);
            }
            if (!closed) {
                connector.schedule(this::connect, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** On the connector thread: the subscription's queue, bindings and consumer, then the subscriber is told. */
    private void declareOrWarn(Connection c, Subscription s) {
        try {
            Channel ch = c.createChannel();
            Map<String, Boolean> declared = new HashMap<>();
            for (Topic t : s.topics) {
                if (declared.putIfAbsent(t.exchange(), true) == null) {
                    ch.exchangeDeclare(t.exchange(), BuiltinExchangeType.TOPIC, true);
                }
            }
            String queue = s.queuePrefix + "." + UUID.randomUUID().toString().substring(0, 8);
            ch.queueDeclare(queue, false, true, true, null);
            for (Topic t : s.topics) {
                ch.queueBind(queue, t.exchange(), t.routingKey());
            }
            ch.basicConsume(queue, true, (tag, delivery) -> deliver(s, delivery), tag -> { });
            s.channel = ch;
            log.info("following bm-mq {} on queue {}", s.topics, queue);
            s.subscriber.connected();
        } catch (IOException | RuntimeException e) {
            // The broker's reason (a channel error: an exchange declared otherwise, access refused) is the cause.
            String why = e.getCause() != null ? e.getCause().getMessage() : e.toString();
            log.warn("cannot follow bm-mq {} ({}): retrying in {} s", s.topics, why, RETRY_MILLIS / 1000);
            connector.schedule(() -> {
                Connection now = connection;
                if (!closed && now != null && now.isOpen() && s.channel == null && subscriptions.contains(s)) {
                    declareOrWarn(now, s);
                }
            }, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void deliver(Subscription s, Delivery delivery) {
        String key = delivery.getEnvelope().getRoutingKey();
        JsonNode body;
        try {
            byte[] raw = delivery.getBody();
            body = raw == null || raw.length == 0 ? json.missingNode() : json.readTree(raw);
        } catch (IOException e) {
            // The routing key alone may be the news (domain events): the subscriber gets an empty body.
            log.debug("bm-mq {} event body is not JSON ({})", key, e.toString());
            body = json.missingNode();
        }
        try {
            s.subscriber.event(key, body);
        } catch (RuntimeException e) {
            log.warn("bm-mq {} event: the subscriber of {} failed ({})", key, s.queuePrefix, e.toString());
        }
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
