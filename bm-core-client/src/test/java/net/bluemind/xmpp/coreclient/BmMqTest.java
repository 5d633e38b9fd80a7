package net.bluemind.xmpp.coreclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/** The shared bm-mq connection against the machine's RabbitMQ: subscriptions of their own on one connection. */
class BmMqTest {

    private static final URI BROKER = URI.create("amqp://guest:guest@127.0.0.1:5672");

    /** A subscriber that keeps what it is told. */
    private static final class Inbox implements BmMq.Subscriber {
        final CountDownLatch connected = new CountDownLatch(1);
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public void connected() {
            connected.countDown();
        }

        @Override
        public void event(String routingKey, JsonNode body) {
            events.add(routingKey + " " + body.path("uid").asText("-"));
        }

        String next() throws InterruptedException {
            return events.poll(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void twoSubscriptionsOnOneConnectionEachGetTheirTopicsAndCloseAlone() throws Exception {
        // Exchanges of this test's own, so that nothing else published on the broker reaches it.
        String users = "bm-xmpp-test.users." + UUID.randomUUID();
        String system = "bm-xmpp-test.system." + UUID.randomUUID();
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(BROKER);
        try (BmMq mq = BmMq.start(BROKER, Duration.ofSeconds(2), "bm-xmpp test");
             Connection publisher = f.newConnection("bm-xmpp test publisher")) {
            Channel out = publisher.createChannel();
            // Durable topic exchanges, as BlueMind declares its own (a subscription declares them so too).
            out.exchangeDeclare(users, BuiltinExchangeType.TOPIC, true);
            out.exchangeDeclare(system, BuiltinExchangeType.TOPIC, true);
            try {
                subscribeAndFollow(mq, out, users, system);
            } finally {
                out.exchangeDelete(users);
                out.exchangeDelete(system);
            }
        }
    }

    private static void subscribeAndFollow(BmMq mq, Channel out, String users, String system) throws Exception {
        Inbox domains = new Inbox();
        Inbox vcards = new Inbox();
        AutoCloseable domainsSubscription = mq.subscribe("bm-xmpp-test.domains",
                List.of(new BmMq.Topic(system, "domain.*"), new BmMq.Topic(users, "user.*")), domains);
        AutoCloseable vcardsSubscription = mq.subscribe("bm-xmpp-test.vcard", List.of(new BmMq.Topic(users, "user.updated")), vcards);
        assertTrue(domains.connected.await(10, TimeUnit.SECONDS), "the first subscriber was told it is connected");
        assertTrue(vcards.connected.await(10, TimeUnit.SECONDS), "the second subscriber was told it is connected");
        assertTrue(mq.isConnected());

        out.basicPublish(users, "user.updated", null, "{\"uid\":\"alice\",\"domain\":\"acme\"}".getBytes(StandardCharsets.UTF_8));
        out.basicPublish(system, "domain.created", null, new byte[0]);
        out.basicPublish(users, "user.roles", null, "not json".getBytes(StandardCharsets.UTF_8));
        assertEquals("user.updated alice", domains.next());
        assertEquals("domain.created -", domains.next(), "an event without a body is passed on with an empty one");
        assertEquals("user.roles -", domains.next(), "a body that is not JSON too");
        assertEquals("user.updated alice", vcards.next());

        vcardsSubscription.close();
        out.basicPublish(users, "user.updated", null, "{\"uid\":\"bob\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals("user.updated bob", domains.next(), "the other subscription and the connection go on");
        // The subscription's channel was closed when close() returned (its queue with it): bob, published after,
        // reached the other subscription and not this one.
        assertNull(vcards.events.poll(), "no event reaches a closed subscription");
        assertTrue(mq.isConnected());
        domainsSubscription.close();
    }
}
