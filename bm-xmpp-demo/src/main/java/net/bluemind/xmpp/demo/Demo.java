package net.bluemind.xmpp.demo;

import java.io.IOException;
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
import net.bluemind.xmpp.server.config.ServerConfig;

/**
 * The demo: bm-core-sim with its demo directory, then the server checking logins with it over HTTP
 * through bm-xmpp-auth — the production path, with the simulator standing in for BlueMind's core.
 */
public final class Demo implements AutoCloseable {

    private final CoreSim core;
    private final Server server;

    private Demo(CoreSim core, Server server) {
        this.core = core;
        this.server = server;
    }

    /**
     * @param config  a configuration with {@code auth.repository: bluemind}; its {@code core-url} is set to the simulator
     * @param simPort the simulator's port on 127.0.0.1 (0: any free one)
     */
    public static Demo start(ServerConfig config, int simPort) throws IOException, ConfigException, InterruptedException {
        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Object tokenSetting = config.auth().settings().getOrDefault("token-file", "bm-core.tok");
        Path tokenFile = config.stateDir().resolve(tokenSetting.toString());
        Files.createDirectories(tokenFile.getParent());
        Files.writeString(tokenFile, token + "\n");
        CoreSim core = CoreSim.start(CoreSimConfig.demo(token).withPort(simPort));
        try {
            Map<String, Object> settings = new LinkedHashMap<>(config.auth().settings());
            settings.put("core-url", "http://127.0.0.1:" + core.port());
            settings.put("token-file", tokenFile.toString());
            AuthConfig a = config.auth();
            ServerConfig wired = config.withAuth(new AuthConfig(a.repository(), a.local(), a.throttle(), a.maxAttemptsPerConnection(), settings));
            return new Demo(core, Server.start(wired));
        } catch (ConfigException | InterruptedException | RuntimeException e) {
            core.close();
            throw e;
        }
    }

    public Server server() {
        return server;
    }

    public int corePort() {
        return core.port();
    }

    @Override
    public void close() {
        server.close();
        core.close();
    }
}
