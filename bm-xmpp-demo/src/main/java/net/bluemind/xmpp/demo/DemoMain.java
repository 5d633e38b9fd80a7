package net.bluemind.xmpp.demo;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import net.bluemind.xmpp.server.config.ConfigException;
import net.bluemind.xmpp.server.config.ConfigLoader;
import net.bluemind.xmpp.server.config.ServerConfig;

/** {@code DemoMain [--config etc/demo/bm-xmpp.yaml] [--core-port 8090]}: exit 2 for a configuration error, 3 when it cannot start. */
public final class DemoMain {

    private DemoMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path configFile = Path.of("etc/demo/bm-xmpp.yaml");
        int corePort = 8090;
        for (int i = 0; i < args.length; i++) {
            if ("--config".equals(args[i]) && i + 1 < args.length) {
                configFile = Path.of(args[++i]);
            } else if ("--core-port".equals(args[i]) && i + 1 < args.length) {
                corePort = Integer.parseInt(args[++i]);
            } else {
                System.err.println("usage: DemoMain [--config FILE] [--core-port PORT]   (unknown argument: " + args[i] + ")");
                System.exit(2);
            }
        }
        Demo demo;
        try {
            ServerConfig config = ConfigLoader.load(configFile);
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
}
