package net.bluemind.xmpp.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import net.bluemind.xmpp.server.config.ArchiveConfig;
import net.bluemind.xmpp.server.config.ConfigException;
import net.bluemind.xmpp.server.config.ConfigLoader;
import net.bluemind.xmpp.server.config.S2sConfig;
import net.bluemind.xmpp.server.config.ServerConfig;

/**
 * {@code DemoMain [--config etc/demo/bm-xmpp.yaml] [--core-port 8090] [--archive=TYPE] [--elasticsearch=URL]
 * [--s2s-route DOMAIN=HOST:PORT]...}: exit 2 for a configuration error, 3 when it cannot start. {@code --s2s-route}
 * adds a static federation route (checked like {@code s2s.routes} in the file). {@code --archive} overrides {@code archive.type} (jdbc, memory,
 * none, elasticsearch); {@code --elasticsearch} sets the Elasticsearch archive's URL (and implies that archive).
 */
public final class DemoMain {

    private DemoMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path configFile = Path.of("etc/demo/bm-xmpp.yaml");
        int corePort = 8090;
        String archiveType = null;
        String elasticsearch = null;
        List<String> s2sRoutes = new ArrayList<>();
        List<String> words = new ArrayList<>();
        for (String a : args) {
            // --name=value and --name value are the same
            int eq = a.startsWith("--") ? a.indexOf('=') : -1;
            if (eq > 0) {
                words.add(a.substring(0, eq));
                words.add(a.substring(eq + 1));
            } else {
                words.add(a);
            }
        }
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            boolean hasValue = i + 1 < words.size();
            if ("--config".equals(w) && hasValue) {
                configFile = Path.of(words.get(++i));
            } else if ("--core-port".equals(w) && hasValue) {
                corePort = Integer.parseInt(words.get(++i));
            } else if ("--archive".equals(w) && hasValue) {
                archiveType = words.get(++i);
            } else if ("--elasticsearch".equals(w) && hasValue) {
                elasticsearch = words.get(++i);
            } else if ("--s2s-route".equals(w) && hasValue) {
                s2sRoutes.add(words.get(++i));
            } else {
                System.err.println("usage: DemoMain [--config FILE] [--core-port PORT] [--archive=jdbc|memory|none|elasticsearch]"
                        + " [--elasticsearch=URL] [--s2s-route DOMAIN=HOST:PORT]...   (unknown argument: " + w + ")");
                System.exit(2);
            }
        }
        Demo demo;
        try {
            ServerConfig config = withRoutes(withArchive(ConfigLoader.load(configFile), archiveType, elasticsearch), s2sRoutes);
            ConfigLoader.validate(config, configFile + " with the command line");
            demo = Demo.start(config, corePort);
        } catch (ConfigException e) {
            System.err.println("bm-xmpp demo: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        } catch (Exception e) {
            System.err.println("bm-xmpp demo: cannot start: " + e);
            System.exit(3);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.close();
            stopped.countDown();
        }, "bm-xmpp-demo-shutdown"));
        System.out.println("bm-core-sim ready: http://127.0.0.1:" + demo.corePort() + "/api (admin console actions: /sim/, docs/bm-core-sim.md)");
        System.out.println("bm-mq: " + demo.amqp().describe());
        System.out.println("bm-xmpp ready: " + String.join(", ", demo.server().describeListeners()));
        stopped.await();
    }

    /** {@code --s2s-route peer.test=127.0.0.2:5269}: static federation routes on top of the file's. */
    private static ServerConfig withRoutes(ServerConfig config, List<String> routes) throws ConfigException {
        S2sConfig s2s = config.s2s();
        for (String r : routes) {
            int eq = r.indexOf('=');
            if (eq <= 0 || eq == r.length() - 1) {
                throw new ConfigException("command line", "--s2s-route", "'" + r + "' is not DOMAIN=HOST:PORT");
            }
            s2s = s2s.withRoute(r.substring(0, eq).trim(), r.substring(eq + 1).trim());
        }
        return config.withS2s(s2s);
    }

    private static ServerConfig withArchive(ServerConfig config, String type, String elasticsearchUrl) {
        ArchiveConfig archive = config.archive();
        if (elasticsearchUrl != null) {
            Map<String, Object> settings = new HashMap<>(archive.settings());
            settings.put("url", elasticsearchUrl);
            archive = archive.withSettings(settings).withType(type == null ? "elasticsearch" : type);
        } else if (type != null) {
            archive = archive.withType(type);
        }
        return config.withArchive(archive);
    }
}
