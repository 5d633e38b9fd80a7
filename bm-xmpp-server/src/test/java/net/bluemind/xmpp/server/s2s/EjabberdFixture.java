package net.bluemind.xmpp.server.s2s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private ejabberd (Debian package) on its own loopback address and Erlang node, its files in a temp
 * dir owned by the {@code ejabberd} user. ejabberd resolves s2s peers through libc, so our test domains
 * are added to /etc/hosts (idempotently: one marked line per name, left in place).
 */
final class EjabberdFixture implements PeerServer {

    private final String domain;
    private final String address;
    private final Path dir;
    private final String node;
    private boolean started;

    /** @param external trust the test CA and refuse dialback (no mod_s2s_dialback): certificates only */
    EjabberdFixture(String domain, String address, TestCa ca, boolean external, Map<String, String> hosts) throws Exception {
        this.domain = domain;
        this.address = address;
        this.dir = Files.createTempDirectory("ejabberd-" + domain);
        this.node = "ejs2s" + ProcessHandle.current().pid() + "@localhost";
        Files.createDirectories(dir.resolve("spool"));
        Files.createDirectories(dir.resolve("logs"));
        ca.issue(domain, dir);
        ca.writeCa(dir.resolve("ca.pem"));
        Files.writeString(dir.resolve("ejabberd.yml"), config(external));
        Files.writeString(dir.resolve("ejabberdctl.cfg"), "ERLANG_NODE=" + node + "\nINET_DIST_INTERFACE=127.0.0.1\n");
        Files.copy(Path.of("/etc/ejabberd/inetrc"), dir.resolve("inetrc"));
        run(30, "chown", "-R", "ejabberd:ejabberd", dir.toString());
        run(30, "chmod", "755", dir.toString());
        addHosts(hosts);
    }

    private String config(boolean external) {
        String d = dir.toString();
        return """
                hosts: ["%3$s"]
                loglevel: info
                certfiles: ["%1$s/%3$s.pem"]
                %4$s
                listen:
                  - { port: 5222, ip: "%2$s", module: ejabberd_c2s, starttls: true }
                  - { port: 5269, ip: "%2$s", module: ejabberd_s2s_in }
                s2s_use_starttls: required
                s2s_dns_timeout: 2
                s2s_dns_retries: 1
                s2s_access: all
                auth_method: internal
                acl:
                  local: { user_regexp: "" }
                access_rules:
                  local: { allow: local }
                  c2s: { allow: all }
                  s2s: { allow: all }
                modules:
                  mod_roster: {}
                  mod_disco: {}
                  mod_ping: {}
                  mod_offline: {}
                %5$s
                """.formatted(d, address, domain, external ? "ca_file: \"" + d + "/ca.pem\"" : "",
                external ? "" : "  mod_s2s_dialback: {}");
    }

    private void addHosts(Map<String, String> hosts) throws IOException {
        Path etcHosts = Path.of("/etc/hosts");
        List<String> lines = new ArrayList<>(Files.readAllLines(etcHosts));
        boolean changed = false;
        for (Map.Entry<String, String> h : hosts.entrySet()) {
            String line = h.getValue() + " " + h.getKey() + " # bm-xmpp federation tests";
            if (!lines.contains(line)) {
                lines.add(line);
                changed = true;
            }
        }
        if (changed) {
            Files.write(etcHosts, lines);
        }
    }

    private String[] ctl(String... args) {
        List<String> c = new ArrayList<>(List.of("ejabberdctl", "--config-dir", dir.toString(), "--node", node,
                "--spool", dir.resolve("spool").toString(), "--logs", dir.resolve("logs").toString()));
        c.addAll(List.of(args));
        return c.toArray(String[]::new);
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
    public void start() throws Exception {
        if (started) {
            return;
        }
        run(60, ctl("start"));
        started = true;
        run(60, ctl("started"));
        PeerProcesses.awaitPort(address, 5269, 30, this::log);
        PeerProcesses.awaitPort(address, 5222, 10, this::log);
    }

    @Override
    public void register(String user, String password) throws Exception {
        if (!started) {
            start();
        }
        run(30, ctl("register", user, domain, password));
    }

    @Override
    public String log() {
        return PeerProcesses.tail(dir.resolve("logs/ejabberd.log")) + PeerProcesses.tail(dir.resolve("logs/error.log"));
    }

    private static void run(int seconds, String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(seconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    @Override
    public void close() throws Exception {
        if (started) {
            run(60, ctl("stop"));
            run(60, ctl("stopped"));
        }
        PeerProcesses.deleteTree(dir);
    }
}
