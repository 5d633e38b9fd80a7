package net.bluemind.xmpp.faults.kit;

import java.net.URI;
import java.nio.file.Path;

/**
 * Server configurations for the fault tests: one direct-TLS listener on loopback (port chosen by the system),
 * the domains acme.test (alias acme.example) and globex.test, either standalone (the demo accounts of
 * etc/demo/directory.yaml, password = local part) or from bm-core (the simulator's demo: the same accounts).
 */
public final class Configs {

    /** The demo directory (alice, bob, erin... password = local part). */
    public static final Path DIRECTORY = Path.of("../etc/demo/directory.yaml").toAbsolutePath().normalize();
    /** The simulator's XMPP server, to which both demo domains are assigned. */
    public static final String SERVER_UID = "demo-xmpp";

    private Configs() {
    }

    /** Static domains and local accounts, with {@code storage} and {@code extra} (YAML sections, each a top-level key, or empty). */
    public static String standalone(String storage, String extra) {
        return server(staticDomains(), """
                auth:
                  repository: local
                  local: { directory: %s }
                  throttle: { max-failures-per-ip: 100000 }
                """.formatted(DIRECTORY), storage + "\n" + extra);
    }

    /**
     * A configuration from its {@code domains} and {@code auth} sections and any other top-level sections
     * ({@code rest}); the state in the configuration file's folder.
     */
    public static String server(String domains, String auth, String rest) {
        return """
                state-dir: .
                listeners:
                  - { type: c2s, tls: direct, address: 127.0.0.1, port: 0 }
                tls:
                  certificates-dir: certs
                %s
                %s
                %s
                """.formatted(domains, auth, rest);
    }

    /**
     * The domains assigned to {@link #SERVER_UID} in bm-core, followed on bm-mq at {@code amqp}; the periodic
     * resync is 10 minutes away, so a change shows only through an event or a (re)connection to bm-mq.
     */
    public static String bluemindDomains(URI core, Path tokenFile, URI amqp) {
        return """
                domains:
                  repository: bluemind
                  settings: { core-url: "%s", token-file: "%s", server-uid: %s, amqp-uri: "%s", resync-seconds: 600, start-wait-seconds: 30 }
                """.formatted(core, tokenFile, SERVER_UID, amqp);
    }

    /** A storage section: PostgreSQL at {@code url} as user postgres (trust), and {@code more} keys (indented), or none. */
    public static String postgresqlStorage(String url, String more) {
        return """
                storage:
                  type: postgresql
                  url: "%s"
                  username: postgres
                %s""".formatted(url, more);
    }

    /** The two demo domains, fixed. */
    public static String staticDomains() {
        return """
                domains:
                  repository: static
                  list:
                    - { name: acme.test, aliases: [acme.example] }
                    - { name: globex.test }
                """;
    }

    /**
     * Logins checked by bm-core, lookups cached for 1 s, every client from 127.0.0.1 never locked out by address;
     * {@code settings}: more plugin settings ({@code key: value, ...}) or empty.
     */
    public static String bluemindAuth(URI core, Path tokenFile, String settings) {
        return """
                auth:
                  repository: bluemind
                  settings: { core-url: "%s", token-file: "%s", cache-ttl-seconds: 1%s }
                  throttle: { max-failures-per-ip: 100000 }
                """.formatted(core, tokenFile, settings.isEmpty() ? "" : ", " + settings);
    }
}
