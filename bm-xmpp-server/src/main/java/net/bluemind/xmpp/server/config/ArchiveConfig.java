package net.bluemind.xmpp.server.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The conversation archive (XEP-0313 MAM) and how messages reach it.
 *
 * @param type            {@code jdbc} (the database of {@code storage}), {@code memory} (lost at stop),
 *                        {@code none} (no archive, no MAM), or a plugin's archive such as
 *                        {@code elasticsearch}; default {@code jdbc}, or {@code memory} when the storage
 *                        itself is in memory
 * @param settings        the plugin archive's own settings (e.g. {@code url} for Elasticsearch)
 * @param defaultPolicy   what is archived for a user who set no preference: {@code always} (default),
 *                        {@code roster} (only conversations with roster contacts) or {@code never}
 * @param retentionDays   messages older than this are purged; 0 (default) keeps them forever
 * @param purgeIntervalMinutes how often the purge runs; default 60
 * @param queueSize       messages waiting in memory for the archive writer; default 100000. When full,
 *                        the writer is behind: new messages go straight to the spool
 * @param batchSize       the most messages per write (a write takes what is queued, up to this); default 2000
 * @param spoolDir        where messages wait while the archive is unreachable; default
 *                        {@code <state-dir>/archive-spool}
 * @param spoolMaxMb      the spool's size limit; past it messages are not archived and an error is
 *                        logged for every one of them (counted); default 1024
 * @param retrySeconds    how often an unreachable archive is tried again; default 5
 * @param maxPageSize     the most results one MAM query returns; default 250 (a client asking for more
 *                        gets pages of this size)
 * @param queueMaxMb      the bytes of the messages waiting in memory for the archive writer; default 64.
 *                        Past half of this (or of queue-size), the senders sending the most are held back
 *                        until the writer has caught up
 */
public record ArchiveConfig(String type, Map<String, Object> settings, String defaultPolicy, Integer retentionDays,
                            Integer purgeIntervalMinutes, Integer queueSize, Integer batchSize, Path spoolDir,
                            Integer spoolMaxMb, Integer retrySeconds, Integer maxPageSize, Integer queueMaxMb) {

    public ArchiveConfig {
        type = type == null ? null : type.trim().toLowerCase(Locale.ROOT);
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        defaultPolicy = defaultPolicy == null ? "always" : defaultPolicy.trim().toLowerCase(Locale.ROOT);
        retentionDays = retentionDays == null ? 0 : retentionDays;
        purgeIntervalMinutes = purgeIntervalMinutes == null ? 60 : purgeIntervalMinutes;
        queueSize = queueSize == null ? 100_000 : queueSize;
        batchSize = batchSize == null ? 2000 : batchSize;
        spoolMaxMb = spoolMaxMb == null ? 1024 : spoolMaxMb;
        retrySeconds = retrySeconds == null ? 5 : retrySeconds;
        maxPageSize = maxPageSize == null ? 250 : maxPageSize;
        queueMaxMb = queueMaxMb == null ? 64 : queueMaxMb;
    }

    /** Without a byte limit on the queue (the shape before it existed): the default limit. */
    public ArchiveConfig(String type, Map<String, Object> settings, String defaultPolicy, Integer retentionDays,
                         Integer purgeIntervalMinutes, Integer queueSize, Integer batchSize, Path spoolDir,
                         Integer spoolMaxMb, Integer retrySeconds, Integer maxPageSize) {
        this(type, settings, defaultPolicy, retentionDays, purgeIntervalMinutes, queueSize, batchSize, spoolDir, spoolMaxMb,
                retrySeconds, maxPageSize, null);
    }

    public static ArchiveConfig defaults() {
        return new ArchiveConfig(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The archive type in effect: the one written, else what suits the storage. */
    public String effectiveType(StorageConfig storage) {
        if (type != null) {
            return type;
        }
        return "memory".equals(storage.type()) ? "memory" : "jdbc";
    }

    public ArchiveConfig withType(String newType) {
        return new ArchiveConfig(newType, settings, defaultPolicy, retentionDays, purgeIntervalMinutes, queueSize, batchSize,
                spoolDir, spoolMaxMb, retrySeconds, maxPageSize, queueMaxMb);
    }

    public ArchiveConfig withSettings(Map<String, Object> newSettings) {
        return new ArchiveConfig(type, newSettings, defaultPolicy, retentionDays, purgeIntervalMinutes, queueSize, batchSize,
                spoolDir, spoolMaxMb, retrySeconds, maxPageSize, queueMaxMb);
    }

    public ArchiveConfig withSpoolDir(Path dir) {
        return new ArchiveConfig(type, settings, defaultPolicy, retentionDays, purgeIntervalMinutes, queueSize, batchSize,
                dir, spoolMaxMb, retrySeconds, maxPageSize, queueMaxMb);
    }

    public ArchiveConfig withRetrySeconds(int seconds) {
        return new ArchiveConfig(type, settings, defaultPolicy, retentionDays, purgeIntervalMinutes, queueSize, batchSize,
                spoolDir, spoolMaxMb, seconds, maxPageSize, queueMaxMb);
    }

    public ArchiveConfig withQueueSize(int size) {
        return new ArchiveConfig(type, settings, defaultPolicy, retentionDays, purgeIntervalMinutes, size, batchSize,
                spoolDir, spoolMaxMb, retrySeconds, maxPageSize, queueMaxMb);
    }

    public ArchiveConfig withQueueMaxMb(int mb) {
        return new ArchiveConfig(type, settings, defaultPolicy, retentionDays, purgeIntervalMinutes, queueSize, batchSize,
                spoolDir, spoolMaxMb, retrySeconds, maxPageSize, mb);
    }
}
