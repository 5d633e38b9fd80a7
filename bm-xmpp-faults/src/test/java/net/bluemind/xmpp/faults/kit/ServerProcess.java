package net.bluemind.xmpp.faults.kit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private final Path log;
    private final int directTlsPort;
    private final int startTlsPort;

    private ServerProcess(Process process, Path log, int directTlsPort, int startTlsPort) {
        this.process = process;
        this.log = log;
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
                return new ServerProcess(p, log, port(DIRECT_TLS, line), port(STARTTLS, line));
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

    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    public File logFile() {
        return log.toFile();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }
}
