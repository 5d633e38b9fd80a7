package net.bluemind.xmpp.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/** The embedded broker as the RabbitMQ Java client sees it. */
class EmbeddedBrokerTest {

    static final Duration DEADLINE = Duration.ofSeconds(10);

    @TempDir
    Path work;

    @Test
    void aTopicMessageReachesAQueueBoundByPattern() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, work.resolve("broker"))) {
            assertTrue(broker.port() > 0, "bound port");
            assertEquals("amqp://guest:guest@127.0.0.1:" + broker.port(), broker.uri().toString());
            ConnectionFactory factory = new ConnectionFactory();
            factory.setUri(broker.uri());
            factory.setConnectionTimeout(5000);
            try (Connection connection = factory.newConnection("embedded-broker-test")) {
                Channel channel = connection.createChannel();
                channel.exchangeDeclare("test.topic", BuiltinExchangeType.TOPIC, true);
                String queue = channel.queueDeclare().getQueue();
                assertTrue(queue != null && !queue.isEmpty(), "server-named queue");
                channel.queueBind(queue, "test.topic", "user.*");

                BlockingQueue<String> received = new LinkedBlockingQueue<>();
                channel.basicConsume(queue, true, (tag, delivery) -> received.add(
                        delivery.getEnvelope().getRoutingKey() + " " + new String(delivery.getBody(), StandardCharsets.UTF_8)),
                        tag -> { });
                channel.basicPublish("test.topic", "domain.updated", null, "not for us".getBytes(StandardCharsets.UTF_8));
                channel.basicPublish("test.topic", "user.roles", null, "hello".getBytes(StandardCharsets.UTF_8));

                String message = received.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                assertNotNull(message, "no message within " + DEADLINE);
                assertEquals("user.roles hello", message);
                assertEquals(null, received.poll(200, TimeUnit.MILLISECONDS), "the unmatched routing key was delivered");
            }
        }
    }

    @Test
    void closingFreesThePort() throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.start(0, work.resolve("broker"));
        int port = broker.port();
        assertTrue(AmqpEndpoint.answers("127.0.0.1", port, Duration.ofSeconds(1)));
        broker.close();
        broker.close();
        assertTrue(!AmqpEndpoint.answers("127.0.0.1", port, Duration.ofSeconds(1)), "still listening after close");
    }
}
