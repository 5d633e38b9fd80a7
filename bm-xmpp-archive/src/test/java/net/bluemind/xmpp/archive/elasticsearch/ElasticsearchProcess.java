package net.bluemind.xmpp.archive.elasticsearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Elasticsearch for the tests: the integration-test distribution that Maven unpacked into
 * {@code target/elasticsearch}, run from a private copy of its configuration on loopback ports. It refuses
 * to run as root, so when the tests run as root it runs as uid 65534 (nobody) through {@code setpriv}.
 *
 * <p>One instance serves every test class of the JVM ({@link #shared()}); it stops when the JVM exits. A
 * test may {@link #stop()} it and {@link #start()} it again: same data, same port. A test of another module
 * (this class is in the module's test jar) takes a {@link #startPrivate() private} one and closes it.
 */
public final class ElasticsearchProcess implements AutoCloseable {

    private static final int UNPRIVILEGED = 65534;
    private static final Duration START_DEADLINE = Duration.ofSeconds(120);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(60);
    private static ElasticsearchProcess shared;
    private static AssertionError sharedFailure;

    private final Path home;
    private final Path work;
    private final int httpPort;
    private final int transportPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private Duration lastStart;
    private Thread cleanup;

    private ElasticsearchProcess(Path home, Path work) {
        this.home = home;
        this.work = work;
        this.httpPort = freePort();
        this.transportPort = freePort();
    }

    /** The JVM's instance, started on first use; a failed start fails every later caller the same way. */
    public static synchronized ElasticsearchProcess shared() {
        if (sharedFailure != null) {
            throw sharedFailure;
        }
        if (shared == null) {
            try {
                ElasticsearchProcess es = new ElasticsearchProcess(home(), Files.createTempDirectory("bm-xmpp-es-"));
                es.prepare();
                Runtime.getRuntime().addShutdownHook(new Thread(es::stopAndDelete, "elasticsearch-stop"));
                es.start();
                shared = es;
            } catch (IOException e) {
                sharedFailure = new AssertionError("cannot prepare Elasticsearch: " + e, e);
                throw sharedFailure;
            } catch (AssertionError e) {
                sharedFailure = e;
                throw e;
            }
        }
        return shared;
    }

    /**
     * An instance of the caller's own, started: its data in a new temporary folder, deleted by {@link #close()}
     * (or at JVM exit if the caller never gets there). For tests that stop it while others use theirs.
     */
    public static ElasticsearchProcess startPrivate() {
        ElasticsearchProcess es;
        try {
            es = new ElasticsearchProcess(home(), Files.createTempDirectory("bm-xmpp-es-"));
            es.prepare();
        } catch (IOException e) {
            throw new AssertionError("cannot prepare Elasticsearch: " + e, e);
        }
        Thread cleanup = new Thread(es::stopAndDelete, "elasticsearch-stop");
        es.cleanup = cleanup;
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            es.start();
        } catch (AssertionError e) {
            es.close();
            throw e;
        }
        return es;
    }

    /** Stops a {@link #startPrivate() private} instance and deletes its data; the shared one stops at JVM exit. */
    @Override
    public void close() {
        stopAndDelete();
        if (cleanup != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook is running or has run
            }
        }
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** How long the last {@link #start()} took until the cluster was yellow. */
    public Duration lastStart() {
        return lastStart;
    }

    /** Starts it and waits until the cluster is yellow; fails with the end of its log if it does not. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        long began = System.nanoTime();
        try {
            ProcessBuilder builder = new ProcessBuilder(command()).redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(work.resolve("console.log").toFile())).directory(work.toFile());
            environment(builder);
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot run Elasticsearch: " + e + logTail(), e);
        }
        awaitHealthy();
        lastStart = Duration.ofNanos(System.nanoTime() - began);
        System.out.println("Elasticsearch at " + url() + " ready in " + lastStart.toMillis() + " ms");
    }

    /** Stops it (the launcher and the server JVM) and waits until both are gone. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
                p.onExit().join();
            }
        }
        process = null;
    }

    private void stopAndDelete() {
        stop();
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // Best effort at JVM exit: a leftover temporary folder.
        }
    }

    private void prepare() throws IOException {
        copyTree(home.resolve("config"), work.resolve("config"));
        for (String dir : new String[] { "data", "logs", "tmp" }) {
            Files.createDirectories(work.resolve(dir));
        }
        if (runsAsRoot()) {
            try (Stream<Path> files = Files.walk(work)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.setAttribute(f, "unix:uid", UNPRIVILEGED);
                    Files.setAttribute(f, "unix:gid", UNPRIVILEGED);
                }
            }
        }
    }

    private List<String> command() {
        List<String> command = new ArrayList<>();
        if (runsAsRoot()) {
            command.addAll(List.of("setpriv", "--reuid=" + UNPRIVILEGED, "--regid=" + UNPRIVILEGED, "--clear-groups"));
        }
        command.add(home.resolve("bin/elasticsearch").toString());
        command.addAll(List.of("-Ediscovery.type=single-node", "-Enetwork.host=127.0.0.1", "-Ehttp.port=" + httpPort,
                "-Etransport.port=" + transportPort, "-Epath.data=" + work.resolve("data"),
                "-Epath.logs=" + work.resolve("logs"), "-Expack.security.enabled=false",
                "-Ecluster.routing.allocation.disk.threshold_enabled=false"));
        return command;
    }

    private void environment(ProcessBuilder builder) {
        builder.environment().put("ES_JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("ES_PATH_CONF", work.resolve("config").toString());
        builder.environment().put("ES_TMPDIR", work.resolve("tmp").toString());
        builder.environment().put("ES_JAVA_OPTS", "-Xms256m -Xmx256m");
    }

    /** Polls cluster health (this distribution has no root endpoint) until yellow, the process dies, or the deadline. */
    private void awaitHealthy() {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        HttpRequest health = HttpRequest.newBuilder(URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
                .timeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Elasticsearch exited with " + process.exitValue() + logTail());
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                pause(); // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while Elasticsearch starts");
            }
        }
        stop();
        throw new AssertionError("Elasticsearch not healthy within " + START_DEADLINE.toSeconds() + " s" + logTail());
    }

    private String logTail() {
        StringBuilder tail = new StringBuilder();
        for (Path log : new Path[] { work.resolve("console.log"), work.resolve("logs/elasticsearch.log") }) {
            try {
                List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
                tail.append("\n--- ").append(log).append(" ---\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            } catch (IOException | UncheckedIOException e) {
                tail.append("\n--- ").append(log).append(": ").append(e);
            }
        }
        return tail.toString();
    }

    private static Path home() {
        String configured = System.getProperty("elasticsearch.home");
        Path home = configured != null ? Path.of(configured) : Path.of("target/elasticsearch");
        if (!Files.isExecutable(home.resolve("bin/elasticsearch"))) {
            throw new AssertionError("no Elasticsearch at " + home.toAbsolutePath()
                    + " (unpacked by maven-dependency-plugin in process-test-resources)");
        }
        return home;
    }

    private static boolean runsAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
