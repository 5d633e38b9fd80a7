package net.bluemind.xmpp.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the demo's bm-mq events go: the RabbitMQ on 127.0.0.1:5672 when one answers, otherwise an
 * {@link EmbeddedBroker} in this process, so the demo needs nothing installed.
 */
public final class AmqpEndpoint implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5672;
    static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

    /** How the demo picks its endpoint; {@code workDir} is for an embedded broker's files. */
    @FunctionalInterface
    public interface Choice {
        AmqpEndpoint open(Path workDir) throws IOException;
    }

    private final URI uri;
    private final EmbeddedBroker broker;

    private AmqpEndpoint(URI uri, EmbeddedBroker broker) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.broker = broker;
    }

    /** RabbitMQ on 127.0.0.1:5672 when something answers there, otherwise an embedded broker on that port. */
    public static Choice auto() {
        return workDir -> answers(HOST, DEFAULT_PORT, PROBE_TIMEOUT)
                ? external(URI.create("amqp://guest:guest@" + HOST + ":" + DEFAULT_PORT))
                : embedded(DEFAULT_PORT, workDir);
    }

    /** Always an embedded broker on 127.0.0.1:{@code port} (0: any free one). */
    public static Choice embeddedOn(int port) {
        return workDir -> embedded(port, workDir);
    }

    public static AmqpEndpoint external(URI uri) {
        return new AmqpEndpoint(uri, null);
    }

    public static AmqpEndpoint embedded(int port, Path workDir) throws IOException {
        EmbeddedBroker b = EmbeddedBroker.start(port, workDir);
        return new AmqpEndpoint(b.uri(), b);
    }

    /** Whether a TCP connection to host:port is accepted within the timeout. */
    static boolean answers(String host, int port, Duration timeout) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** With the credentials, for the AMQP client. */
    public URI uri() {
        return uri;
    }

    public boolean embedded() {
        return broker != null;
    }

    /** For people: "RabbitMQ at amqp://127.0.0.1:5672" or "embedded broker at amqp://127.0.0.1:5672 (guest/guest)". */
    public String describe() {
        String where = uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort());
        return embedded() ? "embedded broker at " + where + " (guest/guest, virtual host /)" : "RabbitMQ at " + where;
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
    }
}
