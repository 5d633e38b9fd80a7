package net.bluemind.xmpp.domains.testkit;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** The local RabbitMQ's application, stopped and started with {@code rabbitmqctl}. */
public final class Broker {

    private Broker() {
    }

    public static void stopApp() {
        run("stop_app");
    }

    public static void startApp() {
        run("start_app");
        run("await_startup");
    }

    private static void run(String command) {
        try {
            Process p = new ProcessBuilder("rabbitmqctl", command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("rabbitmqctl " + command + " failed: " + out);
            }
        } catch (IOException e) {
            throw new AssertionError("rabbitmqctl " + command + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
