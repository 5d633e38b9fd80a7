package net.bluemind.xmpp.faults.kit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Debian packages a fault test needs: installed with apt-get when missing, or the test fails saying which
 * package and why. A fault test never skips silently for want of a tool.
 */
public final class DebianPackages {

    private static boolean updated;

    private DebianPackages() {
    }

    /** Makes sure {@code file} exists, installing {@code debianPackage} if it does not. */
    public static synchronized void require(Path file, String debianPackage) {
        if (Files.isExecutable(file)) {
            return;
        }
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            throw new AssertionError(file + " is missing and there is no apt-get here: install the Debian package " + debianPackage);
        }
        Map<String, String> env = new HashMap<>(Commands.baseEnvironment("/root"));
        env.put("DEBIAN_FRONTEND", "noninteractive");
        Path here = Path.of("/tmp");
        try {
            if (!updated) {
                Commands.run(List.of("apt-get", "update", "-q"), env, here, Duration.ofMinutes(5));
                updated = true;
            }
            Commands.run(List.of("apt-get", "install", "-y", "-q", debianPackage), env, here, Duration.ofMinutes(10));
        } catch (AssertionError e) {
            throw new AssertionError(file + " is missing and installing " + debianPackage + " failed (this needs root): " + e.getMessage(), e);
        }
        if (!Files.isExecutable(file)) {
            throw new AssertionError(debianPackage + " is installed but " + file + " is still missing");
        }
    }
}
