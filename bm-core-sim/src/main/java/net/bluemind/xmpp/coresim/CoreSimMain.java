package net.bluemind.xmpp.coresim;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code CoreSimMain [--fixtures DIR] [--port 8090] [--host 127.0.0.1] [--token-file F | --token T]
 * [--amqp URI | --no-amqp]}. Without {@code --fixtures} the bundled demo is served.
 */
public final class CoreSimMain {
    private CoreSimMain() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "bm-core-sim-logback.xml");
        }
        CoreSimConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("bm-core-sim: " + e.getMessage());
            System.err.println("usage: CoreSimMain [--fixtures DIR] [--port 8090] [--host 127.0.0.1] "
                    + "[--token-file F | --token T] [--amqp URI | --no-amqp]");
            System.exit(2);
            return;
        }
        CoreSim sim = CoreSim.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }, "core-sim-shutdown"));
        stopped.await();
    }

    static CoreSimConfig parse(String[] args) throws IOException {
        Path fixtures = null;
        String host = "127.0.0.1";
        int port = CoreSimConfig.DEFAULT_PORT;
        String token = null;
        URI amqp = CoreSimConfig.DEFAULT_AMQP;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--no-amqp" -> amqp = null;
                case "--fixtures" -> fixtures = Path.of(value(args, ++i, option));
                case "--host" -> host = value(args, ++i, option);
                case "--port" -> port = Integer.parseInt(value(args, ++i, option));
                case "--token" -> token = value(args, ++i, option);
                case "--token-file" -> token = Files.readString(Path.of(value(args, ++i, option))).trim();
                case "--amqp" -> amqp = URI.create(value(args, ++i, option));
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (token == null) {
            throw new IllegalArgumentException("an admin token is required (--token-file or --token)");
        }
        return new CoreSimConfig(fixtures, host, port, token, amqp, 16);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
