package net.bluemind.xmpp.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import net.bluemind.xmpp.coresim.CoreSim;
import net.bluemind.xmpp.coresim.CoreSimConfig;
import net.bluemind.xmpp.server.Server;
import net.bluemind.xmpp.server.config.AuthConfig;
import net.bluemind.xmpp.server.config.ConfigException;
import net.bluemind.xmpp.server.config.DomainsConfig;
import net.bluemind.xmpp.server.config.ServerConfig;

/**
 * The demo: bm-core-sim with its demo directory, then the server checking logins with it over HTTP
 * through bm-xmpp-auth — the production path, with the simulator standing in for BlueMind's core. Its bm-mq events
 * go to the RabbitMQ on 127.0.0.1:5672 when one answers, else to an embedded broker ({@link AmqpEndpoint}).
 */
public final class Demo implements AutoCloseable {

    private final AmqpEndpoint amqp;
    private final CoreSim core;
    private final Server server;

    private Demo(AmqpEndpoint amqp, CoreSim core, Server server) {
        this.amqp = amqp;
        this.core = core;
        this.server = server;
    }

    /**
     * @param config  a configuration with {@code auth.repository: bluemind}; its {@code core-url} is set to the simulator
     * @param simPort the simulator's port on 127.0.0.1 (0: any free one)
     */
    public static Demo start(ServerConfig config, int simPort) throws IOException, ConfigException, InterruptedException {
        return start(config, simPort, AmqpEndpoint.auto());
    }

    /**
     * @param amqp where bm-mq events go: {@link AmqpEndpoint#auto()} (RabbitMQ on 127.0.0.1:5672, else an embedded
     *             broker there) or {@link AmqpEndpoint#embeddedOn(int)}; an embedded broker works under the state directory
     */
    public static Demo start(ServerConfig config, int simPort, AmqpEndpoint.Choice amqp)
            throws IOException, ConfigException, InterruptedException {
        AmqpEndpoint endpoint = amqp.open(config.stateDir().resolve("amqp-broker"));
        try {
            return startWith(config, simPort, endpoint);
        } catch (IOException | ConfigException | InterruptedException | RuntimeException e) {
            endpoint.close();
            throw e;
        }
    }

    private static Demo startWith(ServerConfig config, int simPort, AmqpEndpoint amqp)
            throws IOException, ConfigException, InterruptedException {
        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Object tokenSetting = config.auth().settings().getOrDefault("token-file", "bm-core.tok");
        Path tokenFile = config.stateDir().resolve(tokenSetting.toString());
        Files.createDirectories(tokenFile.getParent());
        Files.writeString(tokenFile, token + "\n");
        CoreSim core = CoreSim.start(CoreSimConfig.demo(token).withPort(simPort).withAmqp(amqp.uri()));
        try {
            Map<String, Object> settings = new LinkedHashMap<>(config.auth().settings());
            settings.put("core-url", "http://127.0.0.1:" + core.port());
            settings.put("token-file", tokenFile.toString());
            settings.put("amqp-uri", amqp.uri().toString()); // user events end the sessions of revoked accounts
            AuthConfig a = config.auth();
            ServerConfig wired = config.withAuth(new AuthConfig(a.repository(), a.local(), a.throttle(), a.maxAttemptsPerConnection(), settings));
            if (!"static".equals(config.domains().repository())) {
                // The domains plugin reads the same simulated core and listens to the broker the demo chose.
                Map<String, Object> domains = new LinkedHashMap<>(config.domains().settings());
                domains.put("core-url", "http://127.0.0.1:" + core.port());
                domains.put("token-file", tokenFile.toString());
                domains.put("amqp-uri", amqp.uri().toString());
                DomainsConfig d = config.domains();
                wired = wired.withDomains(new DomainsConfig(d.repository(), d.list(), domains));
            }
            if (config.plugins().containsKey("vcard")) {
                // vCards and avatars from the same simulated address book, refreshed by its events.
                Map<String, Map<String, Object>> plugins = new LinkedHashMap<>(config.plugins());
                Map<String, Object> vcard = new LinkedHashMap<>(config.pluginSettings("vcard"));
                vcard.put("core-url", "http://127.0.0.1:" + core.port());
                vcard.put("token-file", tokenFile.toString());
                vcard.put("amqp-uri", amqp.uri().toString());
                plugins.put("vcard", vcard);
                wired = wired.withPlugins(plugins);
            }
            return new Demo(amqp, core, Server.start(wired));
        } catch (ConfigException | InterruptedException | RuntimeException e) {
            core.close();
            throw e;
        }
    }

    public Server server() {
        return server;
    }

    /** Where bm-mq events go, with the credentials. */
    public URI amqpUri() {
        return amqp.uri();
    }

    public AmqpEndpoint amqp() {
        return amqp;
    }

    public int corePort() {
        return core.port();
    }

    @Override
    public void close() {
        server.close();
        core.close();
        amqp.close();
    }
}
