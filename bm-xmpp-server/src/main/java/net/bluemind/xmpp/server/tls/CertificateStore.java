package net.bluemind.xmpp.server.tls;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import javax.net.ssl.SSLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import net.bluemind.xmpp.server.config.TlsConfig;

/**
 * The server certificate and TLS context of each served domain.
 *
 * <p>An administrator's certificate ({@code <certificatesDir>/<domain>.pem}, or {@code .crt} +
 * {@code .key}) always wins. Otherwise the domain gets a self-signed certificate, generated once
 * into {@code generatedDir} and reused across restarts so that clients which pinned it keep
 * trusting the server.
 */
public final class CertificateStore {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateStore.class);

    private static final Set<String> ALLOWED_PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");
    /** A generated certificate is replaced this long before it expires, so none is ever served expired. */
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private final Path certificatesDir;
    private final Path generatedDir;
    private final SslProvider provider;
    private final String[] protocols;
    private final SelfSignedGenerator generator;
    private final Clock clock;
    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
    /** Federation's contexts, made from the same certificate: the key is "in:" or "out:" + the domain. */
    private final ConcurrentMap<String, SslContext> s2sContexts = new ConcurrentHashMap<>();

    /** {@code dnsNames} is kept because it is checked on every handshake. */
    private record Entry(SslContext context, X509Certificate leaf, boolean adminProvided, List<String> dnsNames, CertifiedKey material) {

        Entry(SslContext context, CertifiedKey material, boolean adminProvided) {
            this(context, material.leaf(), adminProvided, CertificateNames.dnsNames(material.leaf()), material);
        }

        /** An admin's choice is final; a generated certificate must cover every name currently served. */
        boolean serves(Set<String> names) {
            return adminProvided || CertificateNames.uncovered(dnsNames, names).isEmpty();
        }
    }

    public CertificateStore(TlsConfig config, Path generatedDir) {
        this(config, generatedDir, new SecureRandom(), Clock.systemUTC());
    }

    CertificateStore(TlsConfig config, Path generatedDir, SecureRandom random, Clock clock) {
        this.certificatesDir = config.certificatesDir();
        this.generatedDir = generatedDir;
        this.provider = resolveProvider(config.provider());
        this.protocols = checkProtocols(config.protocols());
        this.generator = new SelfSignedGenerator(random, clock);
        this.clock = clock;
        createPrivateDirectory(generatedDir);
    }

    /** The server context for a served domain, built on first use and then cached. */
    public SslContext serverContext(String domain, Set<String> aliases) {
        String key = normalize(domain);
        Set<String> names = names(key, aliases);
        Entry current = entries.get(key);
        if (current != null && current.serves(names)) {
            return current.context();
        }
        // Loading (or generating, a few milliseconds) under the map's lock makes concurrent first
        // handshakes for a domain wait for one certificate instead of each writing their own.
        return entries.compute(key, (d, existing) -> existing != null && existing.serves(names) ? existing : load(d, names)).context();
    }

    /** The leaf certificate presented for the domain, loading or generating it if needed. */
    public X509Certificate certificate(String domain) {
        String key = normalize(domain);
        return entries.computeIfAbsent(key, d -> load(d, Set.of(d))).leaf();
    }

    /** Drops the cached context: the domain went away or its aliases changed. */
    public void forget(String domain) {
        entries.remove(normalize(domain));
        s2sContexts.remove("in:" + normalize(domain));
        s2sContexts.remove("out:" + normalize(domain));
    }

    /**
     * The context for a stream another server opened to the domain: the domain's certificate, and the
     * peer asked for its own (optional), which the handshake accepts whatever it is: the s2s layer judges
     * it afterwards, because an unverifiable certificate still allows Server Dialback.
     */
    public SslContext s2sServerContext(String domain, Set<String> aliases) {
        serverContext(domain, aliases);
        String key = normalize(domain);
        return s2sContexts.computeIfAbsent("in:" + key, k -> {
            CertifiedKey m = entries.get(key).material();
            return buildS2s(SslContextBuilder.forServer(m.key(), m.chain().toArray(X509Certificate[]::new)).clientAuth(ClientAuth.OPTIONAL), key);
        });
    }

    /** The context for a stream the domain opens to another server: its certificate offered as the client's. */
    public SslContext s2sClientContext(String domain, Set<String> aliases) {
        serverContext(domain, aliases);
        String key = normalize(domain);
        return s2sContexts.computeIfAbsent("out:" + key, k -> {
            CertifiedKey m = entries.get(key).material();
            return buildS2s(SslContextBuilder.forClient().keyManager(m.key(), m.chain().toArray(X509Certificate[]::new)), key);
        });
    }

    private SslContext buildS2s(SslContextBuilder builder, String domain) {
        try {
            return builder.sslProvider(provider).protocols(protocols)
                    .trustManager(io.netty.handler.ssl.util.InsecureTrustManagerFactory.INSTANCE)
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsSetupException(domain + ": cannot build a federation TLS context with " + providerName() + ": " + e.getMessage(), e);
        }
    }

    public String providerName() {
        return provider == SslProvider.OPENSSL ? "OpenSSL (BoringSSL)" : "JDK";
    }

    private Entry load(String domain, Set<String> names) {
        AdminCertificate admin = adminProvided(domain);
        if (admin != null) {
            return new Entry(build(admin.material(), admin.file()), admin.material(), true);
        }
        Path file = generatedDir.resolve(domain + ".pem");
        CertifiedKey generated = reusableGenerated(file, domain, names);
        if (generated == null) {
            List<String> aliases = new ArrayList<>(names);
            aliases.remove(domain);
            generated = generator.generate(domain, aliases);
            generated.write(file);
            LOG.info("Generated a self-signed TLS certificate for {} in {} (names {}, valid until {})", domain, file,
                    CertificateNames.dnsNames(generated.leaf()), generated.leaf().getNotAfter().toInstant());
        }
        return new Entry(build(generated, file), generated, false);
    }

    private record AdminCertificate(CertifiedKey material, Path file) {
    }

    private AdminCertificate adminProvided(String domain) {
        Path pem = certificatesDir.resolve(domain + ".pem");
        Path crt = certificatesDir.resolve(domain + ".crt");
        Path key = certificatesDir.resolve(domain + ".key");
        AdminCertificate found;
        if (Files.isRegularFile(pem)) {
            found = new AdminCertificate(CertifiedKey.fromPem(pem), pem);
        } else if (Files.isRegularFile(crt) && Files.isRegularFile(key)) {
            found = new AdminCertificate(CertifiedKey.fromPair(crt, key), crt);
        } else if (Files.isRegularFile(crt) || Files.isRegularFile(key)) {
            throw new TlsSetupException("found only one of " + crt + " and " + key + "; provide both, or " + pem + " holding the chain and the key");
        } else {
            return null;
        }
        X509Certificate leaf = found.material().leaf();
        warnIfUnsuitable(leaf, found.file(), domain);
        LOG.info("Loaded the TLS certificate for {} from {} (subject {}, valid until {})", domain, found.file(),
                leaf.getSubjectX500Principal().getName(), leaf.getNotAfter().toInstant());
        return found;
    }

    /** Clients will complain about such a certificate, but the administrator chose it, so it is still used. */
    private void warnIfUnsuitable(X509Certificate leaf, Path file, String domain) {
        Instant now = clock.instant();
        if (leaf.getNotAfter().toInstant().isBefore(now)) {
            LOG.warn("TLS certificate {} for {} expired on {}; clients will reject it until it is renewed", file, domain, leaf.getNotAfter().toInstant());
        } else if (leaf.getNotBefore().toInstant().isAfter(now)) {
            LOG.warn("TLS certificate {} for {} is not valid before {}; check the clock or the certificate", file, domain, leaf.getNotBefore().toInstant());
        }
        if (!CertificateNames.covers(leaf, domain)) {
            LOG.warn("TLS certificate {} does not cover the domain {} (its subjectAltName DNS names: {}); clients will reject it", file, domain,
                    CertificateNames.dnsNames(leaf));
        }
    }

    /** A previously generated certificate, unless it is damaged, no longer names every alias, or is about to expire. */
    private CertifiedKey reusableGenerated(Path file, String domain, Set<String> names) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        CertifiedKey existing;
        try {
            existing = CertifiedKey.fromPem(file);
        } catch (TlsSetupException e) {
            LOG.warn("Replacing the unusable generated certificate for {}: {}", domain, e.getMessage());
            return null;
        }
        List<String> uncovered = CertificateNames.uncovered(CertificateNames.dnsNames(existing.leaf()), names);
        if (!uncovered.isEmpty()) {
            LOG.info("The generated certificate {} does not cover {}; generating a new one for {}", file, uncovered, domain);
            return null;
        }
        if (existing.leaf().getNotAfter().toInstant().isBefore(clock.instant().plus(RENEW_BEFORE))) {
            LOG.info("The generated certificate {} expires on {}; generating a new one for {}", file, existing.leaf().getNotAfter().toInstant(), domain);
            return null;
        }
        LOG.info("Loaded the generated TLS certificate for {} from {} (valid until {})", domain, file, existing.leaf().getNotAfter().toInstant());
        return existing;
    }

    private SslContext build(CertifiedKey material, Path source) {
        try {
            return SslContextBuilder.forServer(material.key(), material.chain().toArray(X509Certificate[]::new))
                    .sslProvider(provider)
                    .protocols(protocols)
                    .clientAuth(ClientAuth.NONE)
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsSetupException(source + ": cannot build a TLS context with " + providerName() + ": " + e.getMessage(), e);
        }
    }

    private static Set<String> names(String domain, Set<String> aliases) {
        Set<String> names = new LinkedHashSet<>();
        names.add(domain);
        for (String alias : aliases) {
            names.add(alias.toLowerCase(Locale.ROOT));
        }
        return names;
    }

    /** The domain becomes a file name, so anything that could escape the directory is refused. */
    private static String normalize(String domain) {
        if (domain == null || domain.isBlank()) {
            throw new TlsSetupException("no domain given for a TLS certificate");
        }
        String lower = domain.toLowerCase(Locale.ROOT);
        if (lower.startsWith(".") || lower.contains("/") || lower.contains("\\") || lower.indexOf('\0') >= 0) {
            throw new TlsSetupException("'" + domain + "' is not a domain name a certificate file can be named after");
        }
        return lower;
    }

    private static SslProvider resolveProvider(String configured) {
        switch (configured.toLowerCase(Locale.ROOT)) {
            case "auto":
                return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
            case "openssl":
                if (!OpenSsl.isAvailable()) {
                    Throwable cause = OpenSsl.unavailabilityCause();
                    throw new TlsSetupException("tls provider 'openssl' is configured but OpenSSL (netty-tcnative BoringSSL) cannot be loaded: "
                            + (cause == null ? "unknown reason" : cause) + "; use 'auto' or 'jdk'", cause);
                }
                return SslProvider.OPENSSL;
            case "jdk":
                return SslProvider.JDK;
            default:
                throw new TlsSetupException("unknown tls provider '" + configured + "'; expected auto, openssl or jdk");
        }
    }

    private static String[] checkProtocols(List<String> configured) {
        if (configured.isEmpty()) {
            throw new TlsSetupException("no TLS protocol configured; allowed: TLSv1.3, TLSv1.2");
        }
        for (String protocol : configured) {
            if (!ALLOWED_PROTOCOLS.contains(protocol)) {
                throw new TlsSetupException("TLS protocol '" + protocol + "' is not allowed; only TLSv1.3 and TLSv1.2 are");
            }
        }
        return configured.toArray(String[]::new);
    }

    /** Generated private keys live here, so only the server's user may enter. */
    private static void createPrivateDirectory(Path dir) {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw new TlsSetupException(dir + ": exists but is not a directory; it must hold the generated certificates", e);
            }
        } catch (IOException e) {
            throw new TlsSetupException(dir + ": cannot create the directory for generated certificates: " + e.getMessage(), e);
        }
    }
}
