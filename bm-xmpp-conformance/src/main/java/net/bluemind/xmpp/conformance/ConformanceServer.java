package net.bluemind.xmpp.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import net.bluemind.xmpp.server.Server;
import net.bluemind.xmpp.server.config.ConfigLoader;

/**
 * The server under test, in this JVM: the demo domains and directory, a throw-away state folder (fresh
 * certificates and storage every run) and STARTTLS on port 5222 of a loopback address, the port the
 * framework always dials.
 *
 * <p>The configuration is written as a {@code bm-xmpp.yaml} (kept in the output folder) and read by
 * the server's own loader: the file format is the server's stable interface, so the run follows the
 * configuration sections the server gains without change, and shows exactly what it ran with.
 */
final class ConformanceServer implements AutoCloseable {

    static final int SINTTEST_PORT = 5222;
    static final String ADMIN = "admin@acme.test";

    private final Server server;
    private final Path stateDir;

    private ConformanceServer(Server server, Path stateDir) {
        this.server = server;
        this.stateDir = stateDir;
    }

    static ConformanceServer start(ConformanceSettings settings) throws Exception {
        Path state = Files.createTempDirectory("bm-xmpp-conformance");
        try {
            Path file = settings.outputDir().resolve("bm-xmpp.yaml");
            Files.writeString(file, yaml(settings, state));
            return new ConformanceServer(Server.start(ConfigLoader.load(file)), state);
        } catch (Exception e) {
            // Netty reports a taken port as an undeclared BindException.
            deleteTree(state);
            throw new IllegalStateException("cannot start the server on " + settings.address() + ":" + SINTTEST_PORT
                    + " (" + e + "); if something else listens there, pick another loopback address with -D"
                    + ConformanceSettings.PREFIX + "address=127.0.0.4", e);
        }
    }

    static String yaml(ConformanceSettings settings, Path state) {
        String address = quoted(settings.address());
        return """
                # Written by ConformanceRun for one run of the Smack integration test framework.
                state-dir: %s
                listeners:
                  - { type: c2s, tls: starttls, address: %s, port: %d }
                  - { type: c2s, tls: direct,   address: %s, port: 0 }
                tls:
                  certificates-dir: %s   # none there: every domain gets a generated certificate
                domains:
                  repository: static
                  list:
                    - name: acme.test
                      aliases: [acme.example]
                    - name: globex.test
                auth:
                  repository: local
                  local:
                    directory: %s
                  # Every framework connection comes from one address and logs in hundreds of times: no
                  # lockout, so a test that fails a login on purpose cannot lock out the ones after it.
                  throttle:
                    max-failures-per-ip: 100000
                    max-failures-per-account: 10000
                    window-seconds: 300
                admins: [%s]
                """.formatted(quoted(state.toString()), address, SINTTEST_PORT, address,
                quoted(state.resolve("admin-certs").toString()), quoted(settings.directory().toString()), ADMIN);
    }

    private static String quoted(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    Server server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
        deleteTree(stateDir);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
