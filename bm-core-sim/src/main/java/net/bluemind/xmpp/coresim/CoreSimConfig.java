package net.bluemind.xmpp.coresim;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run the simulator.
 *
 * @param fixtures    fixture directory holding {@code directory.yaml}; null serves the bundled demo
 * @param host        address to bind (loopback by default)
 * @param port        HTTP port; 0 picks a free one
 * @param adminToken  the installation's admin API key ({@code X-BM-ApiKey})
 * @param amqpUri     RabbitMQ for bm-mq events; null publishes nothing
 * @param threads     HTTP worker threads
 */
public record CoreSimConfig(Path fixtures, String host, int port, String adminToken, URI amqpUri, int threads) {
    public static final URI DEFAULT_AMQP = URI.create("amqp://guest:guest@127.0.0.1:5672");
    public static final int DEFAULT_PORT = 8090;
    static final Duration AMQP_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** After a failed connection, events are dropped without trying again for this long. */
    static final Duration AMQP_RETRY_AFTER = Duration.ofSeconds(5);

    public CoreSimConfig {
        Objects.requireNonNull(host, "host");
        if (adminToken == null || adminToken.isBlank()) {
            throw new IllegalArgumentException("adminToken must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
    }

    /** The bundled demo on a free loopback port, publishing to the default RabbitMQ. */
    public static CoreSimConfig demo(String adminToken) {
        return new CoreSimConfig(null, "127.0.0.1", 0, adminToken, DEFAULT_AMQP, 16);
    }

    public CoreSimConfig withFixtures(Path dir) {
        return new CoreSimConfig(dir, host, port, adminToken, amqpUri, threads);
    }

    public CoreSimConfig withPort(int newPort) {
        return new CoreSimConfig(fixtures, host, newPort, adminToken, amqpUri, threads);
    }

    public CoreSimConfig withAmqp(URI uri) {
        return new CoreSimConfig(fixtures, host, port, adminToken, uri, threads);
    }
}
