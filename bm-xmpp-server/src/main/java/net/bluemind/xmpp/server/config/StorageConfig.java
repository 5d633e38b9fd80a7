package net.bluemind.xmpp.server.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where server-side user data (rosters, offline messages, private XML, block lists, PEP) is kept.
 *
 * @param type              {@code h2} (embedded, the default) or {@code postgresql}; when left out and
 *                          {@code url} is a PostgreSQL URL, {@code postgresql}
 * @param url               the JDBC URL; optional for H2 (a file under {@code <state-dir>/db}),
 *                          required for PostgreSQL
 * @param username          database user, or null for the driver's default
 * @param password          database password, or null
 * @param poolSize          database connections, and threads running queries; default 8
 * @param maxOfflinePerUser offline messages kept for one user before new ones are refused; default 1000
 * @param maxOfflineBytesPerUser the bytes (UTF-8) of the offline messages kept for one user before new ones are
 *                          refused; default 4 MiB. They are all delivered at once when the user comes back, so this
 *                          stays well under {@code limits.memory.max-session-bytes}
 */
public record StorageConfig(String type, String url, String username, String password, Integer poolSize,
                            Integer maxOfflinePerUser, Integer maxOfflineBytesPerUser) {

    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

    public StorageConfig {
        type = type != null ? type.trim().toLowerCase(Locale.ROOT) : impliedType(url);
        poolSize = poolSize == null ? 8 : poolSize;
        maxOfflinePerUser = maxOfflinePerUser == null ? 1000 : maxOfflinePerUser;
        maxOfflineBytesPerUser = maxOfflineBytesPerUser == null ? 4 << 20 : maxOfflineBytesPerUser;
    }

    /** Without a byte limit on offline storage (the shape before it existed): the default limit. */
    public StorageConfig(String type, String url, String username, String password, Integer poolSize, Integer maxOfflinePerUser) {
        this(type, url, username, password, poolSize, maxOfflinePerUser, null);
    }

    public static StorageConfig defaults() {
        return new StorageConfig(null, null, null, null, null, null, null);
    }

    public StorageConfig withMaxOffline(int messages, int bytes) {
        return new StorageConfig(type, url, username, password, poolSize, messages, bytes);
    }

    // An admin who writes only a PostgreSQL URL means PostgreSQL; making them repeat it is a trap.
    private static String impliedType(String url) {
        return url != null && url.startsWith("jdbc:postgresql:") ? "postgresql" : "h2";
    }

    /** The URL with any {@code password=} parameter masked, for logs and error messages. */
    public String redactedUrl() {
        return url == null ? null : URL_PASSWORD.matcher(url).replaceAll("$1***");
    }

    /** Never prints the password: configurations end up in logs and error reports. */
    @Override
    public String toString() {
        return "StorageConfig[type=" + type + ", url=" + redactedUrl() + ", username=" + username
                + ", password=" + (password == null ? "null" : "***") + ", poolSize=" + poolSize
                + ", maxOfflinePerUser=" + maxOfflinePerUser + ", maxOfflineBytesPerUser=" + maxOfflineBytesPerUser + "]";
    }
}
