package net.bluemind.xmpp.coreclient;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/** Listens to the bm-mq exchanges on RabbitMQ through a server-named queue, as a bm-xmpp consumer does. */
final class BusProbe implements AutoCloseable {
    static final String SYSTEM = "bm.system.notifications";
    static final String USER = "bm.user.notifications";

    record Message(String exchange, String routingKey, JsonNode body) {
    }

    private final Connection connection;
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    private final ObjectMapper mapper = new ObjectMapper();

    BusProbe() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri("amqp://guest:guest@127.0.0.1:5672");
        connection = factory.newConnection("bm-core-client-test");
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare().getQueue();
        for (String exchange : new String[] {SYSTEM, USER}) {
            channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
            channel.queueBind(queue, exchange, "#");
        }
        channel.basicConsume(queue, true, (tag, delivery) -> received.add(new Message(
                delivery.getEnvelope().getExchange(), delivery.getEnvelope().getRoutingKey(),
                parse(delivery.getBody()))), tag -> { });
    }

    /** The next message with this routing key whose {@code field} is {@code value}; fails after 5 s. */
    Message await(String routingKey, String field, String value) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            Message m = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (m != null && m.routingKey().equals(routingKey) && value.equals(m.body().path(field).asText())) {
                return m;
            }
        }
        throw new AssertionError("no " + routingKey + " with " + field + "=" + value + " within 5 s");
    }

    private JsonNode parse(byte[] body) {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            return mapper.createObjectNode().put("unparsable", new String(body));
        }
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
