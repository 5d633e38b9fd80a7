package net.bluemind.xmpp.server.s2s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private Prosody (Debian package) on its own loopback address: configuration, certificate and
 * data in a temp dir, its hosts file naming our test domains, started in the foreground and stopped
 * with the test class.
 */
final class ProsodyFixture implements PeerServer {

    final String domain;
    final String address;
    final Path dir;
    private Process process;

    /**
     * @param secureAuth  whether Prosody requires a valid certificate from peers (SASL EXTERNAL only)
     * @param trustCa     whether it trusts the test CA (else it cannot verify our certificate: dialback)
     * @param hosts       the other test domains and their addresses, for its resolver
     */
    ProsodyFixture(String domain, String address, TestCa ca, boolean secureAuth, boolean trustCa, Map<String, String> hosts) throws Exception {
        this.domain = domain;
        this.address = address;
        this.dir = Files.createTempDirectory("prosody-" + domain);
        Files.createDirectories(dir.resolve("data"));
        ca.issue(domain, dir);
        ca.writeCa(dir.resolve("ca.pem"));
        StringBuilder h = new StringBuilder();
        hosts.forEach((name, ip) -> h.append(ip).append(' ').append(name).append('\n'));
        Files.writeString(dir.resolve("hosts"), h.toString());
        Files.writeString(dir.resolve("prosody.cfg.lua"), config(secureAuth, trustCa));
    }

    private String config(boolean secureAuth, boolean trustCa) {
        String d = dir.toString();
        return """
                run_as_root = true
                daemonize = false
                pidfile = "%1$s/prosody.pid"
                data_path = "%1$s/data"
                log = { { levels = { min = "debug" }, to = "file", filename = "%1$s/prosody.log" } }
                interfaces = { "%2$s" }
                c2s_ports = { 5222 }
                c2s_interfaces = { "%2$s" }
                s2s_ports = { 5269 }
                s2s_interfaces = { "%2$s" }
                c2s_direct_tls_ports = { }
                s2s_direct_tls_ports = { }
                http_ports = { }
                https_ports = { }
                modules_enabled = { "roster", "saslauth", "tls", "dialback", "disco", "ping", "presence", "posix" }
                modules_disabled = { "s2s_bidi" }
                authentication = "internal_plain"
                c2s_require_encryption = false
                s2s_require_encryption = true
                s2s_secure_auth = %4$s
                s2s_timeout = 15
                unbound = { hoststxt = "%1$s/hosts", resolvconf = false, forward = { "127.0.0.1" } }
                ssl = { certificate = "%1$s/%3$s.crt", key = "%1$s/%3$s.key"%5$s }
                VirtualHost "%3$s"
                """.formatted(d, address, domain, secureAuth, trustCa ? ", cafile = \"" + d + "/ca.pem\"" : "");
    }

    @Override
    public String domain() {
        return domain;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public void register(String user, String password) throws Exception {
        run("prosodyctl", "--config", dir.resolve("prosody.cfg.lua").toString(), "register", user, domain, password);
    }

    @Override
    public void start() throws Exception {
        process = new ProcessBuilder("prosody", "--config", dir.resolve("prosody.cfg.lua").toString(), "-F")
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        PeerProcesses.awaitPort(address, 5269, 15, () -> "prosody: " + PeerProcesses.tail(dir.resolve("stdout.log")) + PeerProcesses.tail(dir.resolve("prosody.log")));
        PeerProcesses.awaitPort(address, 5222, 5, () -> "prosody c2s");
    }

    @Override
    public String log() {
        return PeerProcesses.tail(dir.resolve("prosody.log"));
    }

    private void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        PeerProcesses.deleteTree(dir);
    }
}
