package net.bluemind.xmpp.conformance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of the framework's JVM: this JVM's class path (which holds the framework and Smack),
 * the truststore, and every {@code sinttest.*} setting (Smack 4.5.0-beta5's names).
 */
final class SinttestCommand {

    static final String MAIN_CLASS = "org.igniterealtime.smack.inttest.SmackIntegrationTestFramework";
    static final String SERVICE = "acme.test";

    /** Accounts one, two and three of the framework, from the demo directory (password = local part). */
    static final List<String> ACCOUNTS = List.of("alice", "bob", "erin");

    /** admin@acme.test, a server administrator (ConformanceServer.ADMIN), password admin. */
    static final String ADMIN = "admin";

    private SinttestCommand() {
    }

    static List<String> build(ConformanceSettings settings, TrustStore trustStore, DisabledTests disabled) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("-Djavax.net.ssl.trustStore=" + trustStore.file());
        command.add("-Djavax.net.ssl.trustStorePassword=" + trustStore.password());
        command.add("-Djavax.net.ssl.trustStoreType=" + TrustStore.TYPE);
        // One line per log record, so the summary and failures can be read off the output.
        command.add("-Djava.util.logging.SimpleFormatter.format=%4$s: %5$s%6$s%n");
        // The framework also reads ~/.config/smack-integration-test/properties: keep a developer's own
        // settings out of this run.
        command.add("-Duser.home=" + settings.outputDir().resolve("home"));
        for (Map.Entry<String, String> e : sinttestProperties(settings, disabled).entrySet()) {
            command.add("-Dsinttest." + e.getKey() + "=" + e.getValue());
        }
        command.add(MAIN_CLASS);
        return command;
    }

    static Map<String, String> sinttestProperties(ConformanceSettings settings, DisabledTests disabled) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("service", SERVICE);
        p.put("host", settings.address());
        p.put("securityMode", "required");
        p.put("replyTimeout", Long.toString(settings.replyTimeout().toMillis()));
        p.put("enabledConnections", "tcp");
        p.put("dnsResolver", "javax");
        if (settings.adminAccount()) {
            // With an admin, the framework creates (XEP-0133 add-user) and deletes its own accounts,
            // including the throw-away ones of the low-level tests; given accounts would collide.
            p.put("adminAccountUsername", ADMIN);
            p.put("adminAccountPassword", ADMIN);
        } else {
            String[] numbers = {"One", "Two", "Three"};
            for (int i = 0; i < ACCOUNTS.size(); i++) {
                p.put("account" + numbers[i] + "Username", ACCOUNTS.get(i));
                p.put("account" + numbers[i] + "Password", ACCOUNTS.get(i));
            }
        }
        putIfNotEmpty(p, "disabledTests", disabled.testClasses());
        putIfNotEmpty(p, "disabledSpecifications", disabled.specifications());
        settings.enabledTests().ifPresent(t -> p.put("enabledTests", t));
        settings.debugger().ifPresent(d -> p.put("debugger", d));
        return p;
    }

    private static void putIfNotEmpty(Map<String, String> p, String key, String value) {
        if (!value.isEmpty()) {
            p.put(key, value);
        }
    }
}
