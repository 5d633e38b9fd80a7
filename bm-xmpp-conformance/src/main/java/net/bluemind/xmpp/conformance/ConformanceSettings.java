package net.bluemind.xmpp.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What a conformance run may be told, from {@code -Dconformance.*} system properties; an empty value
 * means the default, so Maven can pass its properties through unconditionally.
 *
 * @param address      loopback address the server binds; the framework always connects to port 5222 of
 *                     it, so the default 127.0.0.3 keeps clear of a demo server on 127.0.0.1:5222
 * @param directory    the demo directory (accounts alice, bob, erin, admin)
 * @param outputDir    where the framework's log, the truststore and the server's log go
 * @param replyTimeout how long the framework waits for an answer; a missing feature costs this much per test
 * @param timeout      the whole framework run is stopped after this
 * @param enabledTests optional {@code sinttest.enabledTests}: run only these (comma-separated classes or
 *                     Class.method)
 * @param adminAccount whether to give the framework admin@acme.test as its admin account; that makes it
 *                     create its own accounts with XEP-0133 ad-hoc commands (docs/conformance.md)
 * @param debugger     optional {@code sinttest.debugger}: {@code console} prints every stanza the framework
 *                     sends and receives
 */
record ConformanceSettings(String address, Path directory, Path outputDir, Duration replyTimeout, Duration timeout,
                           Optional<String> enabledTests, boolean adminAccount,
                           Optional<String> debugger) {

    static final String PREFIX = "conformance.";

    /** The same settings, running only these tests (a second try of what failed). */
    ConformanceSettings onlyTests(String tests) {
        return new ConformanceSettings(address, directory, outputDir, replyTimeout, timeout, Optional.of(tests), adminAccount, debugger);
    }

    static ConformanceSettings fromSystemProperties() {
        return new ConformanceSettings(
                property("address").orElse("127.0.0.3"),
                property("directory").map(Path::of).orElseGet(ConformanceSettings::findDemoDirectory).toAbsolutePath().normalize(),
                property("outputDir").map(Path::of).orElse(Path.of("target", "conformance")).toAbsolutePath().normalize(),
                Duration.ofMillis(property("replyTimeout").map(v -> parseLong("replyTimeout", v)).orElse(10_000L)),
                Duration.ofMinutes(property("timeoutMinutes").map(v -> parseLong("timeoutMinutes", v)).orElse(20L)),
                property("enabledTests"),
                property("adminAccount").map(Boolean::parseBoolean).orElse(true),
                property("debugger"));
    }

    private static Optional<String> property(String name) {
        return Optional.ofNullable(System.getProperty(PREFIX + name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + PREFIX + name + "=" + value + " is not a whole number");
        }
    }

    /** Run from the repository root or from the module's folder. */
    private static Path findDemoDirectory() {
        for (Path candidate : new Path[] {Path.of("etc/demo/directory.yaml"), Path.of("../etc/demo/directory.yaml")}) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("etc/demo/directory.yaml not found from " + Path.of("").toAbsolutePath()
                + ": set -D" + PREFIX + "directory");
    }
}
