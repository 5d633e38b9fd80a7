package net.bluemind.xmpp.server.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** Reads {@code bm-xmpp.yaml} into a {@link ServerConfig}, resolving relative paths against the file's folder. */
public final class ConfigLoader {

    private static final Set<String> TLS_VERSIONS = Set.of("TLSv1.2", "TLSv1.3");

    private ConfigLoader() {
    }

    public static ObjectMapper yamlMapper() {
        return new ObjectMapper(new YAMLFactory())
                .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public static ServerConfig load(Path file) throws ConfigException {
        String name = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(name, null, "no such file");
        }
        ServerConfig raw;
        try {
            String text = Files.readString(file);
            // An empty file (or only comments) means "all defaults", which Jackson reads as no document at all.
            raw = text.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))
                    ? null : yamlMapper().readValue(text, ServerConfig.class);
        } catch (JsonMappingException e) {
            throw new ConfigException(name, keyOf(e), e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new ConfigException(name, null, "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(name, null, "cannot read: " + e.getMessage());
        }
        if (raw == null) {
            raw = new ServerConfig(null, null, null, null, null, null, null, null, null);
        }
        ServerConfig resolved = resolvePaths(raw, file.toAbsolutePath().normalize().getParent());
        validate(resolved, name);
        return resolved;
    }

    private static String keyOf(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static ServerConfig resolvePaths(ServerConfig c, Path base) {
        TlsConfig tls = new TlsConfig(base.resolve(c.tls().certificatesDir()).normalize(), c.tls().protocols(), c.tls().provider());
        AuthConfig.LocalAuthConfig local = c.auth().local();
        AuthConfig.LocalAuthConfig resolvedLocal = new AuthConfig.LocalAuthConfig(
                local.directory() == null ? null : base.resolve(local.directory()).normalize(), local.generated());
        AuthConfig auth = new AuthConfig(c.auth().repository(), resolvedLocal, c.auth().throttle(), c.auth().maxAttemptsPerConnection(),
                c.auth().settings());
        Path stateDir = base.resolve(c.stateDir()).normalize();
        ArchiveConfig archive = c.archive().withSpoolDir(stateDir.resolve(
                c.archive().spoolDir() == null ? Path.of("archive-spool") : c.archive().spoolDir()).normalize());
        S2sConfig s2s = c.s2s().caFile() == null ? c.s2s() : c.s2s().withCaFile(base.resolve(c.s2s().caFile()).normalize());
        return new ServerConfig(stateDir, c.listeners(), tls, c.domains(), auth, c.limits(), c.admins(),
                c.server(), c.storage(), c.plugins(), archive, s2s);
    }

    /** Checks what types alone cannot; public so configurations built in code are checked the same way. */
    public static void validate(ServerConfig c, String file) throws ConfigException {
        validateListeners(c.listeners(), file);
        for (int i = 0; i < c.tls().protocols().size(); i++) {
            String p = c.tls().protocols().get(i);
            if (!TLS_VERSIONS.contains(p)) {
                throw new ConfigException(file, "tls.protocols[" + i + "]", "'" + p + "' is not allowed; use TLSv1.2 and/or TLSv1.3");
            }
        }
        if (c.tls().protocols().isEmpty()) {
            throw new ConfigException(file, "tls.protocols", "at least one of TLSv1.2, TLSv1.3 is needed");
        }
        if (!Set.of("auto", "openssl", "jdk").contains(c.tls().provider())) {
            throw new ConfigException(file, "tls.provider", "'" + c.tls().provider() + "' is not one of auto, openssl, jdk");
        }
        validateDomains(c.domains(), file);
        validateAuth(c.auth(), file);
        validateLimits(c.limits(), file);
        for (int i = 0; i < c.admins().size(); i++) {
            String a = c.admins().get(i);
            if (a == null || a.indexOf('@') <= 0 || a.indexOf('/') >= 0) {
                throw new ConfigException(file, "admins[" + i + "]", "'" + a + "' is not a bare JID like admin@example.com");
            }
        }
        validateStorage(c.storage(), file);
        if (c.storage().maxOfflineBytesPerUser() > c.limits().memory().maxSessionBytes() / 2) {
            // Offline messages are all delivered at login: more than half the session's limit would cut the client there.
            throw new ConfigException(file, "storage.max-offline-bytes-per-user", "must be at most half of limits.memory.max-session-bytes ("
                    + c.limits().memory().maxSessionBytes() / 2 + ")");
        }
        validateArchive(c.archive(), c.storage(), file);
        S2sConfigCheck.validate(c.s2s(), file);
        if (c.server().resumeTimeoutSeconds() <= 0) {
            throw new ConfigException(file, "server.resume-timeout-seconds", "must be greater than 0");
        }
        if (c.server().ioThreads() < 0) {
            throw new ConfigException(file, "server.io-threads", "must be 0 (2 x cores) or more");
        }
    }

    private static void validateStorage(StorageConfig s, String file) throws ConfigException {
        if (!Set.of("h2", "postgresql", "memory").contains(s.type())) {
            throw new ConfigException(file, "storage.type", "'" + s.type() + "' is not one of h2, postgresql, memory");
        }
        if ("postgresql".equals(s.type()) && (s.url() == null || !s.url().startsWith("jdbc:postgresql:"))) {
            throw new ConfigException(file, "storage.url", "a jdbc:postgresql: URL is required when storage.type is postgresql");
        }
        if ("h2".equals(s.type()) && s.url() != null && !s.url().startsWith("jdbc:h2:")) {
            throw new ConfigException(file, "storage.url", "an H2 storage needs a jdbc:h2: URL");
        }
        positive(s.poolSize(), file, "storage.pool-size");
        if (s.maxOfflinePerUser() < 0) {
            throw new ConfigException(file, "storage.max-offline-per-user", "must be 0 (no offline storage) or more");
        }
        positive(s.maxOfflineBytesPerUser(), file, "storage.max-offline-bytes-per-user");
    }

    private static void validateArchive(ArchiveConfig a, StorageConfig storage, String file) throws ConfigException {
        String type = a.effectiveType(storage);
        if (!Set.of("jdbc", "memory", "none").contains(type) && AuthRepositories.archive(type) == null) {
            throw new ConfigException(file, "archive.type", "'" + type + "' is not available; known: jdbc, memory, none"
                    + AuthRepositories.archiveNames() + " (a plugin's archive needs its module on the classpath)");
        }
        if ("jdbc".equals(type) && "memory".equals(storage.type())) {
            throw new ConfigException(file, "archive.type", "jdbc keeps the archive in the storage database, but storage.type is memory;"
                    + " use archive.type memory, or a database storage");
        }
        if (!Set.of("always", "never", "roster").contains(a.defaultPolicy())) {
            throw new ConfigException(file, "archive.default-policy", "'" + a.defaultPolicy() + "' is not one of always, never, roster");
        }
        if (a.retentionDays() < 0) {
            throw new ConfigException(file, "archive.retention-days", "must be 0 (keep forever) or more");
        }
        positive(a.purgeIntervalMinutes(), file, "archive.purge-interval-minutes");
        positive(a.queueSize(), file, "archive.queue-size");
        positive(a.batchSize(), file, "archive.batch-size");
        positive(a.spoolMaxMb(), file, "archive.spool-max-mb");
        positive(a.retrySeconds(), file, "archive.retry-seconds");
        positive(a.maxPageSize(), file, "archive.max-page-size");
        positive(a.queueMaxMb(), file, "archive.queue-max-mb");
    }

    private static void validateListeners(List<ListenerConfig> listeners, String file) throws ConfigException {
        if (listeners.isEmpty()) {
            throw new ConfigException(file, "listeners", "no listener: the server would accept nobody");
        }
        for (int i = 0; i < listeners.size(); i++) {
            ListenerConfig l = listeners.get(i);
            String key = "listeners[" + i + "]";
            if (!"c2s".equals(l.type()) && !"s2s".equals(l.type())) {
                throw new ConfigException(file, key + ".type", "'" + l.type() + "' is not one of c2s, s2s");
            }
            if (l.s2s() && l.directTls()) {
                throw new ConfigException(file, key + ".tls", "an s2s listener uses STARTTLS (direct TLS for servers is not supported)");
            }
            if (!"starttls".equals(l.tls()) && !"direct".equals(l.tls())) {
                throw new ConfigException(file, key + ".tls", "'" + l.tls() + "' is not one of starttls, direct");
            }
            if (l.port() < 0 || l.port() > 65535) {
                throw new ConfigException(file, key + ".port", l.port() + " is not a port number");
            }
            try {
                InetAddress.getByName(l.address());
            } catch (UnknownHostException e) {
                throw new ConfigException(file, key + ".address", "'" + l.address() + "' is not an address of this machine");
            }
        }
    }

    private static void validateDomains(DomainsConfig d, String file) throws ConfigException {
        if (!"static".equals(d.repository()) && AuthRepositories.domains(d.repository()) == null) {
            throw new ConfigException(file, "domains.repository", "'" + d.repository() + "' is not available; known: "
                    + AuthRepositories.domainRepositoryNames() + " (a plugin's repository needs its module on the classpath)");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < d.list().size(); i++) {
            DomainsConfig.StaticDomain sd = d.list().get(i);
            checkDomainName(sd.name(), file, "domains.list[" + i + "].name", seen);
            for (int j = 0; j < sd.aliases().size(); j++) {
                checkDomainName(sd.aliases().get(j), file, "domains.list[" + i + "].aliases[" + j + "]", seen);
            }
        }
    }

    private static void checkDomainName(String name, String file, String key, Set<String> seen) throws ConfigException {
        if (name == null || name.isBlank() || name.contains("@") || name.contains("/") || name.contains(" ")) {
            throw new ConfigException(file, key, "'" + name + "' is not a domain name");
        }
        if (!seen.add(name.toLowerCase(Locale.ROOT))) {
            throw new ConfigException(file, key, "'" + name + "' is listed twice");
        }
    }

    private static void validateAuth(AuthConfig a, String file) throws ConfigException {
        if (!"local".equals(a.repository()) && AuthRepositories.provider(a.repository()) == null) {
            throw new ConfigException(file, "auth.repository", "'" + a.repository() + "' is not available; known: "
                    + AuthRepositories.names() + " (a plugin's repository needs its module on the classpath)");
        }
        if (a.local().directory() != null && !Files.isRegularFile(a.local().directory())) {
            throw new ConfigException(file, "auth.local.directory", "no such file: " + a.local().directory());
        }
        AuthConfig.GeneratedUsers g = a.local().generated();
        if (g != null && g.count() > 0 && (g.domain() == null || g.password() == null)) {
            throw new ConfigException(file, "auth.local.generated", "domain and password are required when count > 0");
        }
        positive(a.maxAttemptsPerConnection(), file, "auth.max-attempts-per-connection");
        positive(a.throttle().maxFailuresPerIp(), file, "auth.throttle.max-failures-per-ip");
        positive(a.throttle().maxFailuresPerAccount(), file, "auth.throttle.max-failures-per-account");
        positive(a.throttle().windowSeconds(), file, "auth.throttle.window-seconds");
    }

    private static void validateLimits(LimitsConfig l, String file) throws ConfigException {
        positive(l.maxStanzaBytes(), file, "limits.max-stanza-bytes");
        positive(l.maxBytesBeforeAuth(), file, "limits.max-bytes-before-auth");
        positive(l.maxDepth(), file, "limits.max-depth");
        positive(l.maxAttributes(), file, "limits.max-attributes");
        positive(l.maxChildren(), file, "limits.max-children");
        positive(l.authTimeoutSeconds(), file, "limits.auth-timeout-seconds");
        positive(l.maxOutboundStanzas(), file, "limits.max-outbound-stanzas");
        positive(l.maxOutboundBytes(), file, "limits.max-outbound-bytes");
        MemoryLimits m = l.memory();
        if (m.budgetMb() < 0) {
            throw new ConfigException(file, "limits.memory.budget-mb", "must be 0 (a share of the heap) or more");
        }
        positive(m.maxSessionBytes(), file, "limits.memory.max-session-bytes");
        positive(m.maxPendingInboundBytes(), file, "limits.memory.max-pending-inbound-bytes");
        positive(m.maxPendingInboundStanzas(), file, "limits.memory.max-pending-inbound-stanzas");
        if (m.maxSessionBytes() < l.maxStanzaBytes()) {
            throw new ConfigException(file, "limits.memory.max-session-bytes", "must hold at least one stanza of limits.max-stanza-bytes ("
                    + l.maxStanzaBytes() + ")");
        }
        AbuseLimitsCheck.validate(l, file);
    }

    private static void positive(int value, String file, String key) throws ConfigException {
        if (value <= 0) {
            throw new ConfigException(file, key, "must be greater than 0, not " + value);
        }
    }
}
