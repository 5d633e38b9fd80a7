package net.bluemind.xmpp.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The servers the comparison drives, each started privately on its own loopback address with STARTTLS c2s on 5222,
 * the same self-signed EC P-256 certificate type for acme.test, accounts benchN@acme.test / bench, offline storage
 * and MAM archiving on with the server's default storage. Their files live under the work dir and are re-used by
 * later runs (accounts and rosters are made once).
 */
final class BenchServers {

    private BenchServers() {
    }

    /** One server under test. */
    interface Server extends AutoCloseable {

        String name();

        String host();

        /** Prepares files and accounts (idempotent), starts the server, returns the PID to probe. */
        long start(PrintStream progress) throws Exception;

        /** Version and storage, for the report. */
        String describe();

        @Override
        void close() throws Exception;
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    static String run(int seconds, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in " + seconds + " s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + text.strip());
        }
        return text;
    }

    static void awaitPort(String host, int port, int seconds, ProcessHandle process) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (process != null && !process.isAlive()) {
                throw new IOException("the process ended before listening on " + host + ":" + port);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IOException(host + ":" + port + " not listening after " + seconds + " s");
    }

    static String packageVersion(String pkg) {
        try {
            return run(10, List.of("dpkg-query", "-W", "-f=${Version}", pkg)).strip();
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** A self-signed EC P-256 certificate for the domain (the key type our server generates), made once. */
    static void certificate(Path dir, String domain) throws Exception {
        Path crt = dir.resolve(domain + ".crt");
        Path key = dir.resolve(domain + ".key");
        if (Files.exists(crt) && Files.exists(key)) {
            return;
        }
        Files.createDirectories(dir);
        run(60, List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", key.toString(), "-out", crt.toString(), "-days", "3650", "-subj", "/CN=" + domain,
                "-addext", "subjectAltName=DNS:" + domain));
        Files.writeString(dir.resolve(domain + ".pem"), Files.readString(key) + Files.readString(crt));
    }

    /** The last lines of a log, for error messages. */
    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no " + file + ")";
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    static void stopProcess(Process p) throws InterruptedException {
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    // ---- ours ----------------------------------------------------------------------------------------------------

    /** Our server: the command line (java, options, class path, main, --config) comes from ./bm-xmpp. */
    static final class Ours implements Server {
        private final String host;
        private final List<String> command;
        private final Path log;
        private final String config;
        private Process process;

        Ours(String host, List<String> command, Path log, String config) {
            this.host = host;
            this.command = command;
            this.log = log;
            this.config = config;
        }

        @Override
        public String name() {
            return Comparison.OURS;
        }

        @Override
        public String host() {
            return host;
        }

        @Override
        public long start(PrintStream progress) throws Exception {
            Files.createDirectories(log.toAbsolutePath().getParent());
            progress.println("starting our server: " + String.join(" ", command));
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                if (!process.isAlive()) {
                    throw new IOException("our server stopped before it was ready:\n" + tail(log, 20));
                }
                if (Files.readString(log).contains("\nbm-xmpp ready:") || Files.readString(log).startsWith("bm-xmpp ready:")) {
                    break;
                }
                if (System.nanoTime() > end) {
                    throw new IOException("our server was not ready after 120 s:\n" + tail(log, 20));
                }
                Thread.sleep(200);
            }
            awaitPort(host, 5222, 30, process.toHandle());
            return process.pid();
        }

        @Override
        public String describe() {
            return "bm-xmpp (" + config + ")";
        }

        @Override
        public void close() throws Exception {
            stopProcess(process);
        }
    }

    // ---- Prosody -------------------------------------------------------------------------------------------------

    /**
     * Prosody (Debian package), one process, foreground ({@code -F}). Accounts are written as its internal storage
     * files (internal_plain: the password in clear, as ejabberd's default), which takes a second for 60k accounts,
     * where {@code prosodyctl register} takes about one second per account.
     */
    static final class Prosody implements Server {
        private final String host;
        private final Path dir;
        private final String domain;
        private final int accounts;
        private final String prefix;
        private final String password;
        private final int rosterUsers;
        private final int contacts;
        private Process process;

        /**
         * @param rosterUsers users 1..rosterUsers get, in groups of {@code contacts + 1}, their group's members as
         *                    "both" contacts (the presence run's rosters), written as files once
         */
        Prosody(String host, Path dir, String domain, int accounts, String prefix, String password, int rosterUsers,
                int contacts) {
            this.host = host;
            this.dir = dir.toAbsolutePath();
            this.domain = domain;
            this.accounts = accounts;
            this.prefix = prefix;
            this.password = password;
            this.rosterUsers = rosterUsers;
            this.contacts = contacts;
        }

        /**
         * Writes the presence run's rosters as Prosody's roster files: making 10,000 mutual subscriptions over XMPP
         * takes Prosody many minutes, as it rewrites a user's whole roster file at every change of one item. The
         * presence run still checks every roster over XMPP.
         */
        static void writeRosters(Path data, String domain, String prefix, int users, int contacts) throws IOException {
            Path rosterDir = data.resolve(encodeHost(domain)).resolve("roster");
            Files.createDirectories(rosterDir);
            int groups = PresenceScenario.groupCount(users, contacts);
            for (int i = 0; i < groups * (contacts + 1); i++) {
                StringBuilder sb = new StringBuilder("return {\n\t[false] = {\n\t\t[\"version\"] = 1;\n"
                        + "\t\t[\"pending\"] = {};\n\t};\n");
                for (int m : PresenceScenario.groupMembers(i, contacts)) {
                    sb.append("\t[\"").append(prefix).append(m + 1).append('@').append(domain)
                            .append("\"] = {\n\t\t[\"groups\"] = {};\n\t\t[\"subscription\"] = \"both\";\n\t};\n");
                }
                sb.append("};\n");
                Files.writeString(rosterDir.resolve(prefix + (i + 1) + ".dat"), sb.toString());
            }
        }

        @Override
        public String name() {
            return "prosody";
        }

        @Override
        public String host() {
            return host;
        }

        static String encodeHost(String domain) {
            StringBuilder sb = new StringBuilder();
            for (char c : domain.toCharArray()) {
                if (Character.isLetterOrDigit(c) || c == '_') {
                    sb.append(c);
                } else {
                    sb.append('%').append(String.format("%02x", (int) c));
                }
            }
            return sb.toString();
        }

        /** Writes the account files that do not exist yet; returns how many were written. */
        static int writeAccounts(Path data, String domain, String prefix, int count, String password)
                throws IOException {
            Path accountsDir = data.resolve(encodeHost(domain)).resolve("accounts");
            Files.createDirectories(accountsDir);
            int written = 0;
            String content = "return {\n\t[\"password\"] = \"" + password.replace("\\", "\\\\").replace("\"", "\\\"")
                    + "\";\n};\n";
            for (int i = 1; i <= count; i++) {
                Path f = accountsDir.resolve(prefix + i + ".dat");
                if (!Files.exists(f)) {
                    Files.writeString(f, content);
                    written++;
                }
            }
            return written;
        }

        String config() {
            String d = dir.toString();
            return """
                    -- written by bm-xmpp-bench (comparison); see docs/benchmarks.md
                    run_as_root = true
                    daemonize = false
                    pidfile = "%1$s/prosody.pid"
                    data_path = "%1$s/data"
                    log = { { levels = { min = "warn" }, to = "file", filename = "%1$s/prosody.log" } }
                    interfaces = { "%2$s" }
                    c2s_ports = { 5222 }
                    c2s_interfaces = { "%2$s" }
                    s2s_ports = { }
                    c2s_direct_tls_ports = { }
                    s2s_direct_tls_ports = { }
                    http_ports = { }
                    https_ports = { }
                    modules_enabled = { "roster", "saslauth", "tls", "disco", "ping", "presence", "posix",
                        "offline", "mam" }
                    authentication = "internal_plain"
                    storage = "internal"
                    default_archive_policy = true
                    archive_expires_after = "never"
                    c2s_require_encryption = true
                    -- the accept queue of our server's listener (the defaults, 128 and ejabberd's 5, drop logins)
                    network_settings = { tcp_backlog = 4096 }
                    ssl = { certificate = "%1$s/certs/%3$s.crt", key = "%1$s/certs/%3$s.key",
                        protocol = "tlsv1_2+" }
                    VirtualHost "%3$s"
                    """.formatted(d, host, domain);
        }

        @Override
        public long start(PrintStream progress) throws Exception {
            Files.createDirectories(dir.resolve("data"));
            certificate(dir.resolve("certs"), domain);
            Files.writeString(dir.resolve("prosody.cfg.lua"), config());
            long t0 = System.nanoTime();
            int written = writeAccounts(dir.resolve("data"), domain, prefix, accounts, password);
            if (written > 0) {
                progress.printf("prosody: %d account files written in %.1f s%n", written, (System.nanoTime() - t0) / 1e9);
            }
            // every run starts from empty archives and offline stores (0.12's internal archive store reads a
            // user's whole archive on each append: a kept archive would slow every later run down)
            for (String store : List.of("archive", "offline")) {
                deleteTree(dir.resolve("data").resolve(encodeHost(domain)).resolve(store));
            }
            Path rosters = dir.resolve("rosters-" + prefix + "1-" + rosterUsers + "-" + contacts);
            if (!Files.exists(rosters)) {
                writeRosters(dir.resolve("data"), domain, prefix, rosterUsers, contacts);
                Files.writeString(rosters, "");
                progress.println("prosody: presence rosters written");
            }
            process = new ProcessBuilder("prosody", "--config", dir.resolve("prosody.cfg.lua").toString(), "-F")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
            try {
                awaitPort(host, 5222, 30, process.toHandle());
            } catch (IOException e) {
                throw new IOException(e.getMessage() + "\n" + tail(dir.resolve("stdout.log"), 20) + "\n"
                        + tail(dir.resolve("prosody.log"), 20), e);
            }
            // prosody is a Lua script run by the interpreter: the PID is the interpreter's
            return process.pid();
        }

        @Override
        public String describe() {
            return "Prosody " + packageVersion("prosody") + " (internal storage, mod_mam, mod_offline)";
        }

        @Override
        public void close() throws Exception {
            stopProcess(process);
        }
    }

    // ---- ejabberd ------------------------------------------------------------------------------------------------

    /**
     * ejabberd (Debian package), started by {@code ejabberdctl} as an Erlang node of its own; the process to probe is
     * the node's {@code beam.smp}. Accounts are registered once, all in one
     * {@code erl_call} into the running node.
     */
    static final class Ejabberd implements Server {
        private final String host;
        private final Path dir;
        private final String domain;
        private final int accounts;
        private final String prefix;
        private final String password;
        private final String node;
        private boolean started;

        Ejabberd(String host, Path dir, String domain, int accounts, String prefix, String password) {
            this.host = host;
            this.dir = dir.toAbsolutePath();
            this.domain = domain;
            this.accounts = accounts;
            this.prefix = prefix;
            this.password = password;
            this.node = "bmbench@localhost";
        }

        @Override
        public String name() {
            return "ejabberd";
        }

        @Override
        public String host() {
            return host;
        }

        String config() {
            String d = dir.toString();
            return """
                    # written by bm-xmpp-bench (comparison); see docs/benchmarks.md
                    hosts: ["%3$s"]
                    loglevel: warning
                    certfiles: ["%1$s/certs/%3$s.pem"]
                    c2s_protocol_options: [no_sslv3, no_tlsv1, no_tlsv1_1, cipher_server_preference, no_compression]
                    listen:
                      - { port: 5222, ip: "%2$s", module: ejabberd_c2s, starttls: true, starttls_required: true,
                          max_stanza_size: 262144, backlog: 4096 }
                    auth_method: internal
                    auth_password_format: plain
                    acl:
                      local: { user_regexp: "" }
                    access_rules:
                      local: { allow: local }
                      c2s: { allow: all }
                    modules:
                      mod_roster: {}
                      mod_disco: {}
                      mod_ping: {}
                      mod_offline: {}
                      mod_mam: { default: always }
                    """.formatted(d, host, domain);
        }

        private List<String> ctl(String... args) {
            // As the ejabberd user already, through setpriv: ejabberdctl run by root switches with su, whose
            // pam_limits leaves the node 1024 open files (it crashes at ~1,000 connections); setpriv keeps ours.
            List<String> c = new ArrayList<>(List.of("setpriv", "--reuid=ejabberd", "--regid=ejabberd",
                    "--init-groups", "env", "HOME=/var/lib/ejabberd", "ejabberdctl", "--config-dir", dir.toString(),
                    "--node", node,
                    "--spool", dir.resolve("spool").toString(), "--logs", dir.resolve("logs").toString()));
            c.addAll(List.of(args));
            return c;
        }

        @Override
        public long start(PrintStream progress) throws Exception {
            Files.createDirectories(dir.resolve("spool"));
            Files.createDirectories(dir.resolve("logs"));
            certificate(dir.resolve("certs"), domain);
            Files.writeString(dir.resolve("ejabberd.yml"), config());
            // ports: one per connection (and more); processes: several per connection
            Files.writeString(dir.resolve("ejabberdctl.cfg"), "ERLANG_NODE=" + node
                    + "\nINET_DIST_INTERFACE=127.0.0.1\nERL_MAX_PORTS=250000\nERL_PROCESSES=2000000\n");
            if (!Files.exists(dir.resolve("inetrc")) && Files.exists(Path.of("/etc/ejabberd/inetrc"))) {
                Files.copy(Path.of("/etc/ejabberd/inetrc"), dir.resolve("inetrc"));
            }
            run(60, List.of("chown", "-R", "ejabberd:ejabberd", dir.toString()));
            run(120, ctl("start"));
            started = true;
            run(120, ctl("started"));
            try {
                // like Prosody's: every run starts from an empty archive and offline store
                run(120, ctl("delete_old_mam_messages", "all", "0"));
                run(120, ctl("delete_old_messages", "0"));
            } catch (IOException e) {
                progress.println("ejabberd: could not empty the archive: " + e.getMessage());
            }
            Path marker = dir.resolve("accounts-" + prefix + "1-" + accounts);
            if (!Files.exists(marker)) {
                long t0 = System.nanoTime();
                progress.println("ejabberd: registering " + accounts + " accounts in the node (once)...");
                registerAll();
                Files.writeString(marker, "");
                progress.printf("ejabberd: accounts registered in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            }
            awaitPort(host, 5222, 60, null);
            long pid = beamPid().orElseThrow(() -> new IOException("no beam.smp process of node " + node));
            try (var lines = Files.lines(Path.of("/proc", Long.toString(pid), "limits"))) {
                // started through su: pam_limits could have lowered what it may open
                lines.filter(l -> l.startsWith("Max open files")).forEach(l -> progress.println("ejabberd: " + l));
            }
            return pid;
        }

        /**
         * One {@code erl_call} evaluating a loop of {@code ejabberd_auth:try_register} in the node: seconds for 10k
         * accounts, where {@code ejabberdctl register} costs an Erlang VM start per account. Existing accounts
         * answer {exists} and are left alone.
         */
        private void registerAll() throws Exception {
            String cookie = Files.readString(Path.of(System.getProperty("bm.bench.ejabberd.cookie",
                    "/var/lib/ejabberd/.erlang.cookie"))).strip();
            String expr = "length([ok || I <- lists:seq(1, " + accounts + "), "
                    + "ejabberd_auth:try_register(<<\"" + prefix + "\", (integer_to_binary(I))/binary>>, <<\"" + domain
                    + "\">>, <<\"" + password + "\">>) == ok]).";
            Path file = dir.resolve("register.erl");
            Files.writeString(file, expr + "\n");
            String out = run(600, List.of("sh", "-c", "erl_call -sname " + node + " -c " + cookie + " -e < " + file));
            if (!out.contains("{ok,")) {
                throw new IOException("registering accounts failed: " + out.strip());
            }
        }

        /** The node's Erlang VM: a beam.smp whose command line names the node. */
        Optional<Long> beamPid() throws IOException {
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path p : (Iterable<Path>) procs::iterator) {
                    String name = p.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                        if (cmd.contains("beam") && cmd.contains(node)) {
                            return Optional.of(Long.parseLong(name));
                        }
                    } catch (IOException e) {
                        // process ended meanwhile
                    }
                }
            }
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "ejabberd " + packageVersion("ejabberd") + " (mnesia, mod_mam default always, mod_offline)";
        }

        @Override
        public void close() throws Exception {
            if (started) {
                try {
                    run(120, ctl("stop"));
                    run(120, ctl("stopped"));
                } finally {
                    started = false;
                }
            }
        }
    }
}
