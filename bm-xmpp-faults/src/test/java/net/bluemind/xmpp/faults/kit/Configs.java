package net.bluemind.xmpp.faults.kit;

import java.nio.file.Path;

/** Server configurations for the fault tests: the demo's domains and accounts, everything on loopback, ports chosen by the system. */
public final class Configs {

    /** The demo directory (alice, bob, erin... password = local part). */
    public static final Path DIRECTORY = Path.of("../etc/demo/directory.yaml").toAbsolutePath().normalize();

    private Configs() {
    }

    /**
     * One direct-TLS listener, acme.test (alias acme.example) and globex.test, local accounts, with {@code storage} and
     * {@code extra} (YAML sections, each a top-level key, or empty).
     */
    public static String standalone(String storage, String extra) {
        return """
                state-dir: .
                listeners:
                  - { type: c2s, tls: direct, address: 127.0.0.1, port: 0 }
                tls:
                  certificates-dir: certs
                domains:
                  repository: static
                  list:
                    - { name: acme.test, aliases: [acme.example] }
                    - { name: globex.test }
                auth:
                  repository: local
                  local: { directory: %s }
                  throttle: { max-failures-per-ip: 100000 }
                %s
                %s
                """.formatted(DIRECTORY, storage, extra);
    }
}
