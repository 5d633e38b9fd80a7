package net.bluemind.xmpp.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.SystemConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An AMQP 0-9-1 broker in this process (Apache Qpid Broker-J): one port on the loopback address, the virtual host
 * {@code /} in memory, the user guest/guest (PLAIN). For the demo when no RabbitMQ answers: nothing is kept on disk
 * but Broker-J's work directory.
 */
public final class EmbeddedBroker implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    private static final String INITIAL_CONFIG = "embedded-broker.json";
    private static final String[] CHATTY_LOGGERS = {"org.apache.qpid", "qpid.message", "qpid.statistics"};

    private final SystemLauncher launcher;
    private final int port;
    private boolean closed;

    private EmbeddedBroker(SystemLauncher launcher, int port) {
        this.launcher = launcher;
        this.port = port;
    }

    /**
     * @param port    the AMQP port on 127.0.0.1 (0: any free one)
     * @param workDir Broker-J's work directory (created)
     */
    public static EmbeddedBroker start(int port, Path workDir) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        quietLogging();
        Files.createDirectories(workDir);
        URL config = EmbeddedBroker.class.getResource(INITIAL_CONFIG);
        if (config == null) {
            throw new IllegalStateException("missing resource " + INITIAL_CONFIG);
        }
        Map<String, String> context = new HashMap<>();
        context.put("bm.demo.amqp_port", Integer.toString(port));
        context.put("bm.demo.amqp_host", HOST);
        context.put(SystemConfig.QPID_WORK_DIR, workDir.toAbsolutePath().toString());
        context.put(SystemConfig.PROPERTY_QPID_WORK, workDir.toAbsolutePath().toString());
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(SystemConfig.TYPE, "Memory");
        attributes.put(SystemConfig.INITIAL_CONFIGURATION_LOCATION, config.toExternalForm());
        attributes.put(SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT, Boolean.FALSE);
        attributes.put(SystemConfig.CONTEXT, context);

        AtomicReference<SystemConfig<?>> system = new AtomicReference<>();
        SystemLauncher launcher = new SystemLauncher(new SystemLauncherListener.DefaultSystemLauncherListener() {
            @Override
            public void onContainerResolve(SystemConfig<?> systemConfig) {
                system.set(systemConfig);
            }
        });
        try {
            launcher.startup(attributes);
            int bound = boundPort(system.get());
            if (bound <= 0) {
                throw new IOException("the embedded AMQP broker did not open its port " + port);
            }
            return new EmbeddedBroker(launcher, bound);
        } catch (Exception e) {
            launcher.shutdown();
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot start the embedded AMQP broker on " + HOST + ":" + port + ": " + e, e);
        }
    }

    private static int boundPort(SystemConfig<?> system) {
        if (system == null) {
            return -1;
        }
        Broker<?> broker = system.getContainer(Broker.class);
        if (broker == null) {
            return -1;
        }
        for (Port<?> p : broker.getChildren(Port.class)) {
            if ("AMQP".equals(p.getName())) {
                return p.getBoundPort();
            }
        }
        return -1;
    }

    /** Broker-J logs its operational messages at INFO: the demo shows its warnings only. */
    private static void quietLogging() {
        for (String name : CHATTY_LOGGERS) {
            Logger logger = LoggerFactory.getLogger(name);
            if (logger instanceof ch.qos.logback.classic.Logger l && l.getLevel() == null) {
                l.setLevel(ch.qos.logback.classic.Level.WARN);
            }
        }
    }

    public int port() {
        return port;
    }

    /** {@code amqp://guest:guest@127.0.0.1:<port>}, virtual host {@code /}. */
    public URI uri() {
        return URI.create("amqp://guest:guest@" + HOST + ":" + port);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            launcher.shutdown();
        }
    }
}
