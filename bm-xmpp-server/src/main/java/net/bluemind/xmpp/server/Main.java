package net.bluemind.xmpp.server;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.bluemind.xmpp.server.config.ConfigException;
import net.bluemind.xmpp.server.config.ConfigLoader;
import net.bluemind.xmpp.server.config.ServerConfig;

/**
 * {@code bm-xmpp [--config FILE]}. Exit codes: 0 after a clean stop, 2 for a configuration error,
 * 3 when the server cannot start (a port taken, a certificate unreadable), 4 when the JVM failed in a thread.
 * Under systemd ({@code $NOTIFY_SOCKET}) it sends {@code READY=1} once every listener is bound, {@code STOPPING=1} when asked to stop.
 */
public final class Main {

    public static final int EXIT_CONFIG = 2;
    public static final int EXIT_START = 3;
    /** The JVM itself failed (an internal error in a thread): better a restart by systemd than a half-working server. */
    public static final int EXIT_FATAL = 4;
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Thread.setDefaultUncaughtExceptionHandler(Main::threadDied);
        Path configFile = Path.of("/etc/bm-xmpp/bm-xmpp.yaml");
        for (int i = 0; i < args.length; i++) {
            if (("--config".equals(args[i]) || "-c".equals(args[i])) && i + 1 < args.length) {
                configFile = Path.of(args[++i]);
            } else {
                System.err.println("usage: bm-xmpp [--config FILE]   (unknown argument: " + args[i] + ")");
                System.exit(EXIT_CONFIG);
            }
        }
        ServerConfig config;
        try {
            config = ConfigLoader.load(configFile);
        } catch (ConfigException e) {
            System.err.println("bm-xmpp: configuration error: " + e.getMessage());
            System.exit(EXIT_CONFIG);
            return;
        }
        Server server;
        try {
            server = Server.start(config);
        } catch (ConfigException e) {
            System.err.println("bm-xmpp: configuration error: " + e.getMessage());
            System.exit(EXIT_CONFIG);
            return;
        } catch (Exception e) {
            if (e instanceof net.bluemind.xmpp.server.storage.StorageException) {
                System.err.println("bm-xmpp: cannot start: " + e.getMessage());
            } else if (e instanceof java.net.BindException) {
                // Expected when another server holds the port: one line, no stack trace.
                System.err.println("bm-xmpp: cannot start: a listener's address is taken or not ours (" + e.getMessage() + ")");
            } else {
                log.error("cannot start", e);
                System.err.println("bm-xmpp: cannot start: " + e.getMessage());
            }
            System.exit(EXIT_START);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping");
            SystemdNotify.stopping();
            server.close();
            stopped.countDown();
        }, "bm-xmpp-shutdown"));
        String listeners = String.join(", ", server.describeListeners());
        System.out.println("bm-xmpp ready: " + listeners);
        // Type=notify: systemd reports the unit started (and starts what comes After it) only now.
        SystemdNotify.ready("listening on " + listeners);
        stopped.await();
    }

    /**
     * No thread of the server dies in silence: an ERROR names it. A pool replaces its workers; the threads that
     * must not die (the archive writer, storage threads) catch what they run into themselves. A failure of the
     * JVM itself stops the server (its exit code tells systemd to restart it); out of memory never gets here,
     * as both launchers run the JVM with -XX:+ExitOnOutOfMemoryError.
     */
    private static void threadDied(Thread t, Throwable e) {
        log.error("thread {} died", t.getName(), e);
        if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
            // exit() waits for the shutdown hook, which must not wait for this very thread.
            new Thread(() -> System.exit(EXIT_FATAL), "bm-xmpp-fatal").start();
        }
    }
}
