package net.bluemind.xmpp.faults.kit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A RabbitMQ node of the test's own (Debian's rabbitmq-server, run as user rabbitmq): its own node name,
 * AMQP and distribution ports, database, logs and configuration files, so that restarting it disturbs neither
 * the shared broker on 5672 nor anyone else. The host's configuration is not read: it names port 5672.
 * {@link #close()} stops it and deletes its files; a JVM shutdown hook does the same if the test never gets there.
 */
public final class PrivateRabbitMq extends PrivateService {

    private static final Path SCRIPTS = Path.of("/usr/lib/rabbitmq/bin");
    private static final String USER = "rabbitmq";
    /** The Erlang cookie shared by the node and rabbitmqctl is the rabbitmq user's. */
    private static final String HOME = "/var/lib/rabbitmq";
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    private final String node;
    private final int port;
    private final int distPort;

    private PrivateRabbitMq(Path dir, String node, int port, int distPort) {
        super(dir);
        this.node = node;
        this.port = port;
        this.distPort = distPort;
    }

    /** Writes its configuration and starts it; installs rabbitmq-server first if it is missing. */
    public static PrivateRabbitMq start() {
        DebianPackages.require(SCRIPTS.resolve("rabbitmq-server"), "rabbitmq-server");
        String node = "bmxfaults" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
        PrivateRabbitMq mq = new PrivateRabbitMq(Commands.folderOwnedBy("bm-xmpp-faults-mq-", USER), node, Commands.freePort(),
                Commands.freePort());
        try {
            mq.writeConfiguration();
            mq.startAgain();
            return mq;
        } catch (RuntimeException | AssertionError e) {
            mq.close();
            throw e;
        }
    }

    private void writeConfiguration() {
        try {
            Files.writeString(dir.resolve("rabbitmq.conf"), "listeners.tcp.local = 127.0.0.1:" + port + "\n");
            Files.writeString(dir.resolve("rabbitmq-env.conf"), "ERL_EPMD_ADDRESS=127.0.0.1\n");
            Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
            for (String f : List.of("rabbitmq.conf", "rabbitmq-env.conf", "enabled_plugins")) {
                Commands.chown(dir.resolve(f), USER);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the stopped node (same data, same ports) and returns once its applications run. */
    public void startAgain() {
        Map<String, String> env = new HashMap<>(Commands.baseEnvironment(HOME));
        env.put("RABBITMQ_NODENAME", node);
        env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_NODE_PORT", Integer.toString(port));
        env.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
        env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
        env.put("RABBITMQ_PID_FILE", pidFile().toString());
        env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
        env.put("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
        env.put("ERL_FLAGS", "-kernel inet_dist_use_interface {127,0,0,1}");
        Commands.run(Commands.as(USER, SCRIPTS.resolve("rabbitmq-server").toString(), "-detached"), env, dir, DEADLINE);
        running(true);
        // wait: until the pid file appears, then until the node's applications have started.
        ctl("wait", pidFile().toString(), "--timeout", Long.toString(DEADLINE.toSeconds()));
    }

    /** {@code rabbitmqctl stop}: the node closes its connections and exits; returns once its process is gone. */
    public void stop() {
        ctl("stop", pidFile().toString());
        running(false);
    }

    public URI amqpUri() {
        return URI.create("amqp://guest:guest@127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** {@code rabbitmqctl -n <node> <args>}'s output. */
    public String ctl(String... args) {
        String[] command = new String[args.length + 3];
        command[0] = SCRIPTS.resolve("rabbitmqctl").toString();
        command[1] = "-n";
        command[2] = node;
        System.arraycopy(args, 0, command, 3, args.length);
        return Commands.run(Commands.as(USER, command), Commands.baseEnvironment(HOME), dir, DEADLINE);
    }

    /** How many consumers the queues whose name starts with {@code prefix} have now; -1 when the node does not answer. */
    public int consumers(String prefix) {
        String listing;
        try {
            listing = ctl("list_queues", "-q", "--no-table-headers", "name", "consumers");
        } catch (AssertionError e) {
            return -1;
        }
        int total = 0;
        for (String line : listing.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 2 && fields[0].startsWith(prefix)) {
                total += Integer.parseInt(fields[1]);
            }
        }
        return total;
    }

    private Path pidFile() {
        return dir.resolve("rabbitmq.pid");
    }

    /** A clean stop still, or a kill if rabbitmqctl cannot. */
    @Override
    protected void stopNow() {
        long pid = Commands.pidIn(pidFile());
        try {
            stop();
        } catch (AssertionError e) {
            Commands.killTree(pid);
        }
    }

    @Override
    public String toString() {
        return "private RabbitMQ " + node + " on 127.0.0.1:" + port;
    }
}
