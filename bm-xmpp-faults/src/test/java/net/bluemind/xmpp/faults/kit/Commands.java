package net.bluemind.xmpp.faults.kit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Running the Debian tools that start and stop the private services (pg_ctl, rabbitmqctl): as another user
 * when the tool refuses root, with a deadline, and an error that shows what the tool said.
 */
public final class Commands {

    private Commands() {
    }

    /** {@code command} run as {@code user} (through {@code setpriv}), or as is when {@code user} is null. */
    public static List<String> as(String user, String... command) {
        List<String> out = new ArrayList<>();
        if (user != null) {
            out.addAll(List.of("setpriv", "--reuid=" + user, "--regid=" + user, "--init-groups"));
        }
        out.addAll(List.of(command));
        return out;
    }

    /** Runs {@code command} in {@code dir} with exactly {@code env}; returns its output, fails when it fails or overruns. */
    public static String run(List<String> command, Map<String, String> env, Path dir, Duration deadline) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        try {
            Path output = Files.createTempFile("bm-xmpp-faults-cmd", ".out");
            try {
                Process p = builder.redirectOutput(output.toFile()).start();
                if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor();
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + deadline.toSeconds() + " s:\n"
                            + Files.readString(output));
                }
                String text = Files.readString(output);
                if (p.exitValue() != 0) {
                    throw new AssertionError(String.join(" ", command) + " failed with " + p.exitValue() + ":\n" + text);
                }
                return text;
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command));
        }
    }

    /** A minimal environment: the tools find their helpers in sbin, and nothing of the test JVM's leaks in. */
    public static Map<String, String> baseEnvironment(String home) {
        return Map.of("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", "HOME", home, "LANG", "C.UTF-8");
    }

    /** A new folder under /tmp owned by {@code user}: the service's data, which it must reach through every parent. */
    public static Path folderOwnedBy(String prefix, String user) {
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), prefix);
            chown(dir, user);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void chown(Path file, String user) throws IOException {
        UserPrincipalLookupService users = file.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        view.setOwner(users.lookupPrincipalByName(user));
        view.setGroup(users.lookupPrincipalByGroupName(user));
    }

    /** Deletes a folder and everything in it; best effort (the test's outcome does not depend on it). */
    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }

    /** A port nobody listens on now, on loopback. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pid written in the first line of {@code pidFile}, or -1. */
    public static long pidIn(Path pidFile) {
        try {
            if (!Files.exists(pidFile)) {
                return -1;
            }
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Kills the process {@code pid} and its descendants, if it still runs: the last resort of a cleanup. */
    public static void killTree(long pid) {
        if (pid <= 0) {
            return;
        }
        ProcessHandle.of(pid).ifPresent(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.onExit().join();
        });
    }
}
