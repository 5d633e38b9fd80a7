package net.bluemind.xmpp.coreclient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach bm-core.
 *
 * @param baseUrl        scheme, host and port of bm-core ({@code http://host:8090}); paths start with {@code /api}
 * @param token          the admin API key sent as {@code X-BM-ApiKey}
 * @param connectTimeout TCP connect limit
 * @param readTimeout    limit for the whole answer of one attempt
 * @param maxRetries     extra attempts for idempotent GETs that found bm-core unavailable
 * @param retryBackoff   delay before the first retry, doubled at each further one
 */
public record CoreClientConfig(URI baseUrl, String token, Duration connectTimeout, Duration readTimeout,
                               int maxRetries, Duration retryBackoff) {
    /** Set by the package's launcher when it hands over a private copy of the token (systemd runtime folder). */
    public static final String TOKEN_FILE_PROPERTY = "bm.core.token.file";
    /** {@code /etc/bm/bm-core.tok}, or the {@value #TOKEN_FILE_PROPERTY} property, or {@code bm-core.tok} of {@link BmIni#CONF_DIR}. */
    public static final Path DEFAULT_TOKEN_FILE = System.getProperty(TOKEN_FILE_PROPERTY) != null
            ? Path.of(System.getProperty(TOKEN_FILE_PROPERTY)) : BmIni.CONF_DIR.resolve("bm-core.tok");
    public static final int CORE_PORT = 8090;

    public CoreClientConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token must not be empty");
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0");
        }
        String path = baseUrl.getPath();
        if (path != null && path.endsWith("/")) {
            baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", ""));
        }
    }

    /** Two-second connect, five-second read, two retries from 100 ms. */
    public static CoreClientConfig of(URI baseUrl, String token) {
        return new CoreClientConfig(baseUrl, token, Duration.ofSeconds(2), Duration.ofSeconds(5), 2,
                Duration.ofMillis(100));
    }

    /** What a BlueMind host provides: the core host from {@code /etc/bm/bm.ini}, the token from {@code /etc/bm/bm-core.tok}. */
    public static CoreClientConfig fromBlueMindHost() {
        return of(URI.create("http://" + BmIni.coreHost(BmIni.DEFAULT_PATH) + ":" + CORE_PORT),
                readToken(DEFAULT_TOKEN_FILE));
    }

    /** The one-line token file's content, trimmed. */
    public static String readToken(Path tokenFile) {
        try {
            String token = Files.readString(tokenFile).strip();
            if (token.isEmpty()) {
                throw new IllegalArgumentException("token file " + tokenFile + " is empty");
            }
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read token file " + tokenFile, e);
        }
    }

    public CoreClientConfig withTokenFile(Path tokenFile) {
        return withToken(readToken(tokenFile));
    }

    public CoreClientConfig withToken(String newToken) {
        return new CoreClientConfig(baseUrl, newToken, connectTimeout, readTimeout, maxRetries, retryBackoff);
    }

    public CoreClientConfig withTimeouts(Duration connect, Duration read) {
        return new CoreClientConfig(baseUrl, token, connect, read, maxRetries, retryBackoff);
    }

    public CoreClientConfig withRetries(int retries, Duration backoff) {
        return new CoreClientConfig(baseUrl, token, connectTimeout, readTimeout, retries, backoff);
    }
}
