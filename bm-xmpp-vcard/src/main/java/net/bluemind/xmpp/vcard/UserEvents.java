package net.bluemind.xmpp.vcard;

import java.net.URI;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/** Follows {@code bm.user.notifications} ({@code user.updated}, {@code user.deleted}) and reports the user uid. */
final class UserEvents implements AutoCloseable {

    static final String EXCHANGE = "bm.user.notifications";
    private static final Logger log = LoggerFactory.getLogger(UserEvents.class);
    private final Connection connection;

    private UserEvents(Connection connection) {
        this.connection = connection;
    }

    /** Connects now; a broker down at start leaves the TTL as the only refresh (logged). */
    static UserEvents start(URI amqp, Consumer<String> changedUser) {
        ConnectionFactory f = new ConnectionFactory();
        ObjectMapper json = new ObjectMapper();
        try {
            f.setUri(amqp);
            f.setConnectionTimeout(2_000);
            f.setAutomaticRecoveryEnabled(true);
            Connection c = f.newConnection("bm-xmpp vcard");
            Channel ch = c.createChannel();
            ch.exchangeDeclare(EXCHANGE, BuiltinExchangeType.TOPIC, true);
            String queue = ch.queueDeclare().getQueue();
            ch.queueBind(queue, EXCHANGE, "user.updated");
            ch.queueBind(queue, EXCHANGE, "user.deleted");
            ch.basicConsume(queue, true, (tag, d) -> {
                JsonNode body = json.readTree(d.getBody());
                if (body.hasNonNull("uid")) {
                    changedUser.accept(body.get("uid").asText());
                }
            }, tag -> { });
            log.info("vCards follow bm-mq at {}:{}", amqp.getHost(), amqp.getPort());
            return new UserEvents(c);
        } catch (Exception e) {
            log.warn("bm-mq at {}:{} unavailable ({}): cached vCards refresh on their TTL only", amqp.getHost(), amqp.getPort(), e.toString());
            return new UserEvents(null);
        }
    }

    @Override
    public void close() throws Exception {
        if (connection != null && connection.isOpen()) {
            connection.close(2_000);
        }
    }
}
