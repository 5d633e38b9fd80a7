package net.bluemind.xmpp.faults.kit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import net.bluemind.xmpp.server.testkit.Await;

/**
 * The server as a process of its own ({@code net.bluemind.xmpp.server.Main} with this module's class path: the
 * engine and every plugin), as the package runs it: so it can be stopped with SIGTERM, killed with SIGKILL,
 * and measured from outside (RSS). Its output goes to {@code server.log} in its state folder.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern DIRECT_TLS = Pattern.compile("c2s direct TLS on [^:]+:(\\d+)");
    private static final Pattern STARTTLS = Pattern.compile("c2s STARTTLS on [^:]+:(\\d+)");
    private static final String READY = "bm-xmpp ready:";
    private static final Duration START = Duration.ofSeconds(90);

    private final Process process;
    private final Path stateDir;
    private final Path log;
    private final int directTlsPort;
    private final int startTlsPort;

    private ServerProcess(Process process, Path stateDir, int directTlsPort, int startTlsPort) {
        this.process = process;
        this.stateDir = stateDir;
        this.log = stateDir.resolve("server.log");
        this.directTlsPort = directTlsPort;
        this.startTlsPort = startTlsPort;
    }

    /**
     * Starts the server with {@code config} (written to {@code bm-xmpp.yaml} in {@code stateDir}, which it may
     * name as {@code state-dir: .}) and waits until it is ready.
     *
     * @param jvmOptions for the server's JVM, e.g. -Xmx512m
     */
    public static ServerProcess start(Path stateDir, String config, List<String> jvmOptions) throws IOException, InterruptedException {
        Files.createDirectories(stateDir);
        Path file = stateDir.resolve("bm-xmpp.yaml");
        Files.writeString(file, config);
        Path log = stateDir.resolve("server.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-XX:+ExitOnOutOfMemoryError");
        // The server's own logging configuration, not a test jar's logback-test.xml that the class path may hold.
        command.add("-Dlogback.configurationFile=logback.xml");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("net.bluemind.xmpp.server.Main");
        command.add("--config");
        command.add(file.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long end = System.nanoTime() + START.toNanos();
        while (true) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            int ready = text.lastIndexOf(READY);
            if (ready >= 0) {
                String line = text.substring(ready, text.indexOf('\n', ready) < 0 ? text.length() : text.indexOf('\n', ready));
                return new ServerProcess(p, stateDir, port(DIRECT_TLS, line), port(STARTTLS, line));
            }
            if (!p.isAlive()) {
                throw new IOException("the server exited with " + p.exitValue() + " before it was ready; its log:\n" + tail(text));
            }
            if (System.nanoTime() > end) {
                p.destroyForcibly();
                throw new IOException("the server was not ready after " + START.toSeconds() + " s; its log:\n" + tail(text));
            }
            Thread.sleep(50);
        }
    }

    private static int port(Pattern p, String line) {
        Matcher m = p.matcher(line);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static String tail(String text) {
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }

    public int directTlsPort() {
        return directTlsPort;
    }

    public int startTlsPort() {
        return startTlsPort;
    }

    /**
     * A client of {@code jid} (password = its local part, as in the demo directories) logged in, available and
     * with stream management: what the fault tests' users are.
     */
    public TestClient online(String jid) throws IOException {
        TestClient c = TestClient.login("127.0.0.1", directTlsPort, jid, jid.substring(0, jid.indexOf('@')), "faults");
        try {
            c.available();
            c.enableStreamManagement();
            return c;
        } catch (IOException e) {
            c.close();
            throw e;
        }
    }

    /** Whether {@code jid} (password = its local part) can log in now; the probe disconnects at once. */
    public boolean canLogIn(String jid) {
        try (TestClient c = TestClient.login("127.0.0.1", directTlsPort, jid, jid.substring(0, jid.indexOf('@')), "probe")) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public long pid() {
        return process.pid();
    }

    /** The server's resident memory now, from /proc. */
    public long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for " + pid());
    }

    /** SIGTERM, as systemd stops the service; waits for the exit and returns its code. */
    public int terminate(Duration wait) throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IOException("the server did not stop within " + wait.toSeconds() + " s of SIGTERM; its log:\n" + tail(log()));
        }
        return process.exitValue();
    }

    /** SIGKILL, as a power cut or the OOM killer would: nothing runs after it. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public File logFile() {
        return log.toFile();
    }

    /** The lines of its log that contain {@code text}. */
    public List<String> logLines(String text) {
        return log().lines().filter(l -> l.contains(text)).toList();
    }

    /** Lines of stack traces in its log: an expected condition (a backend down) must not print any. */
    public List<String> stackTraceLines() {
        return log().lines().filter(l -> l.startsWith("\tat ") || l.startsWith("Caused by: ")).toList();
    }

    /** Waits until the archive spool in its state folder ({@code archive.spool-dir} by default) holds no segment. */
    public void awaitEmptyArchiveSpool(Duration deadline) {
        Path spool = stateDir.resolve("archive-spool");
        Await.until("the archive spool " + spool + " replayed", deadline, () -> {
            try (Stream<Path> files = Files.exists(spool) ? Files.list(spool) : Stream.empty()) {
                return files.noneMatch(f -> f.getFileName().toString().endsWith(".spool"));
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Kills it if it still runs, and keeps its log in {@code target/fault-logs/} for a look after the test. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
        try {
            Path kept = Path.of("target", "fault-logs");
            Files.createDirectories(kept);
            if (Files.exists(log)) {
                Files.copy(log, kept.resolve("server-" + pid() + ".log"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("could not keep the server log: " + e);
        }
    }
}
