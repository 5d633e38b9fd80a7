package net.bluemind.xmpp.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import net.bluemind.xmpp.server.config.ConfigLoader;
import net.bluemind.xmpp.server.config.ListenerConfig;
import net.bluemind.xmpp.server.config.ServerConfig;

/** The demo with the embedded broker forced: a /sim/ change reaches a bm-mq subscriber through it. */
class DemoEmbeddedBrokerTest {

    static final Duration DEADLINE = Duration.ofSeconds(15);

    @TempDir
    static Path state;
    private static Demo demo;

    @BeforeAll
    static void start() throws Exception {
        ServerConfig config = ConfigLoader.load(Path.of("../etc/demo/bm-xmpp.yaml")).withStateDir(state).withListeners(List.of(
                new ListenerConfig("c2s", "starttls", "127.0.0.1", 0)));
        demo = Demo.start(config, 0, AmqpEndpoint.embeddedOn(0));
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void theDemoUsesTheEmbeddedBroker() {
        assertTrue(demo.amqp().embedded());
        assertEquals("127.0.0.1", demo.amqpUri().getHost());
        assertTrue(demo.amqp().describe().startsWith("embedded broker at amqp://127.0.0.1:" + demo.amqpUri().getPort()));
    }

    @Test
    void aRolesChangeIsPublishedOnUserNotifications() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(demo.amqpUri());
        try (Connection connection = factory.newConnection("demo-test")) {
            Channel channel = connection.createChannel();
            channel.exchangeDeclare("bm.user.notifications", BuiltinExchangeType.TOPIC, true);
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, "bm.user.notifications", "user.#");
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            channel.basicConsume(queue, true, (tag, delivery) -> received.add(
                    delivery.getEnvelope().getRoutingKey() + " " + new String(delivery.getBody(), StandardCharsets.UTF_8)),
                    tag -> { });

            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + demo.corePort() + "/sim/users/acme.test/dave/roles"))
                    .PUT(HttpRequest.BodyPublishers.ofString("[\"hasIM\"]")).header("Content-Type", "application/json")
                    .timeout(DEADLINE).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(2, response.statusCode() / 100, response.statusCode() + " " + response.body());

            String message = received.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(message, "no bm-mq event within " + DEADLINE);
            assertTrue(message.startsWith("user.roles "), message);
            Map<?, ?> body = new ObjectMapper().readValue(message.substring("user.roles ".length()), Map.class);
            assertEquals("user.roles", body.get("operation"));
            assertEquals("acme.test", body.get("domain"));
            assertNotNull(body.get("uid"));
        }
    }
}
