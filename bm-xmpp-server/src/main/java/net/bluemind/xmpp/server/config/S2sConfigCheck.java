package net.bluemind.xmpp.server.config;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/** The checks of the {@code s2s} section, each error naming its key. */
final class S2sConfigCheck {

    private S2sConfigCheck() {
    }

    static void validate(S2sConfig s, String file) throws ConfigException {
        if (!S2sConfig.STRICT.equals(s.certificateValidation()) && !S2sConfig.DIALBACK_ALLOWED.equals(s.certificateValidation())) {
            throw new ConfigException(file, "s2s.certificate-validation",
                    "'" + s.certificateValidation() + "' is not one of strict, dialback-allowed");
        }
        positive(s.connectTimeoutSeconds(), file, "s2s.connect-timeout-seconds");
        positive(s.idleTimeoutSeconds(), file, "s2s.idle-timeout-seconds");
        positive(s.maxQueuedStanzas(), file, "s2s.max-queued-stanzas");
        positive(s.maxQueuedBytes(), file, "s2s.max-queued-bytes");
        if (s.caFile() != null && !Files.isRegularFile(s.caFile())) {
            throw new ConfigException(file, "s2s.ca-file", "no such file: " + s.caFile());
        }
        if (s.dialbackSecret() != null && s.dialbackSecret().length() < 16) {
            throw new ConfigException(file, "s2s.dialback-secret", "too short: use at least 16 characters, or leave it out for a random one");
        }
        domains(s.disabledDomains(), file, "s2s.disabled-domains");
        domains(s.allow(), file, "s2s.allow");
        domains(s.deny(), file, "s2s.deny");
        for (Map.Entry<String, String> r : s.routes().entrySet()) {
            String key = "s2s.routes." + r.getKey();
            checkDomain(r.getKey(), file, key);
            if (HostPort.parse(r.getValue()) == null) {
                throw new ConfigException(file, key, "'" + r.getValue() + "' is not host:port (e.g. 127.0.0.2:5269)");
            }
        }
    }

    private static void domains(List<String> names, String file, String key) throws ConfigException {
        for (int i = 0; i < names.size(); i++) {
            checkDomain(names.get(i), file, key + "[" + i + "]");
        }
    }

    private static void checkDomain(String name, String file, String key) throws ConfigException {
        if (name == null || name.isBlank() || name.contains("@") || name.contains("/") || name.contains(" ")) {
            throw new ConfigException(file, key, "'" + name + "' is not a domain name");
        }
    }

    private static void positive(int value, String file, String key) throws ConfigException {
        if (value <= 0) {
            throw new ConfigException(file, key, "must be greater than 0, not " + value);
        }
    }
}
