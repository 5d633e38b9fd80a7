package net.bluemind.xmpp.coresim.mq;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * Publishes to RabbitMQ topic exchanges named after bm-mq topics. Connects lazily; when the broker is down the
 * event is logged and dropped, and no new connection is tried before {@code retryAfter} has passed.
 */
public final class AmqpEventPublisher implements EventPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(AmqpEventPublisher.class);
    private static final AMQP.BasicProperties JSON_MESSAGE = new AMQP.BasicProperties.Builder()
            .contentType("application/json").deliveryMode(1).build();

    private final ConnectionFactory factory = new ConnectionFactory();
    private final ObjectMapper mapper = new ObjectMapper();
    private final Clock clock;
    private final Duration retryAfter;
    private Connection connection;
    private Channel channel;
    private long nextAttempt;

    public AmqpEventPublisher(URI amqpUri, Duration connectTimeout, Duration retryAfter, Clock clock) {
        try {
            factory.setUri(amqpUri);
        } catch (Exception e) {
            throw new IllegalArgumentException("invalid AMQP URI " + amqpUri.getHost() + ": " + e.getMessage(), e);
        }
        factory.setConnectionTimeout((int) connectTimeout.toMillis());
        factory.setAutomaticRecoveryEnabled(false);
        this.clock = clock;
        this.retryAfter = retryAfter;
    }

    @Override
    public synchronized void publish(BmEvent event) {
        try {
            Channel ch = channel();
            if (ch == null) {
                LOG.warn("bm-mq unavailable: event {} {} dropped", event.operation(), event.body());
                return;
            }
            ch.basicPublish(event.exchange(), event.operation(), JSON_MESSAGE, mapper.writeValueAsBytes(event.body()));
            LOG.debug("published {} on {}", event.operation(), event.exchange());
        } catch (Exception e) {
            LOG.warn("bm-mq publish of {} failed ({}): event dropped", event.operation(), e.toString());
            disconnect();
        }
    }

    private Channel channel() {
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        disconnect();
        long now = clock.millis();
        if (now < nextAttempt) {
            return null;
        }
        try {
            connection = factory.newConnection("bm-core-sim");
            channel = connection.createChannel();
            channel.exchangeDeclare(BmEvent.SYSTEM, BuiltinExchangeType.TOPIC, true);
            channel.exchangeDeclare(BmEvent.USER, BuiltinExchangeType.TOPIC, true);
            LOG.info("bm-mq connected to {}:{}", factory.getHost(), factory.getPort());
            return channel;
        } catch (Exception e) {
            LOG.warn("bm-mq connection to {}:{} failed: {}", factory.getHost(), factory.getPort(), e.toString());
            nextAttempt = now + retryAfter.toMillis();
            disconnect();
            return null;
        }
    }

    private void disconnect() {
        if (connection != null) {
            try {
                connection.abort(1000);
            } catch (Exception ignored) {
                // already gone
            }
        }
        connection = null;
        channel = null;
    }

    @Override
    public synchronized void close() {
        disconnect();
    }
}
