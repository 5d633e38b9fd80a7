package net.bluemind.xmpp.server.archive;

import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.util.concurrent.DefaultThreadFactory;
import net.bluemind.xmpp.server.config.ArchiveConfig;
import net.bluemind.xmpp.server.config.AuthRepositories;
import net.bluemind.xmpp.server.config.ConfigException;
import net.bluemind.xmpp.server.config.ServerConfig;
import net.bluemind.xmpp.server.memory.MemoryBudget;
import net.bluemind.xmpp.server.plugins.PluginHost;
import net.bluemind.xmpp.server.roster.RosterService;
import net.bluemind.xmpp.server.storage.JdbcMessageArchive;
import net.bluemind.xmpp.spi.MessageArchive;
import net.bluemind.xmpp.spi.MessageArchiveProvider;
import net.bluemind.xmpp.spi.PrivateXmlStore;

/**
 * The archive as the server runs it: the backend {@code archive.type} names, the writer with its spool,
 * the preferences, the MAM processor and the retention purge, opened and closed together.
 */
public final class ArchiveService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ArchiveService.class);

    private final MessageArchive archive;
    private final ArchiveWriter writer;
    private final Archiving archiving;
    private final MamProcessor processor;
    private final ScheduledExecutorService purge;

    private ArchiveService(MessageArchive archive, ArchiveWriter writer, MamPrefs prefs, ArchiveConfig config, long maxSessionBytes) {
        this.archive = archive;
        this.writer = writer;
        this.archiving = new Archiving(writer);
        // A quarter of what one session may hold: a page never gets its client cut for not reading fast enough.
        this.processor = new MamProcessor(archive, prefs, config.maxPageSize(), maxSessionBytes / 4);
        if (config.retentionDays() > 0) {
            purge = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("bm-xmpp-archive-purge", true));
            long days = config.retentionDays();
            purge.scheduleWithFixedDelay(() -> purge(days), 1, config.purgeIntervalMinutes() * 60L, TimeUnit.SECONDS);
        } else {
            purge = null;
        }
    }

    /**
     * Opens the archive the configuration names, or returns null for {@code archive.type: none}.
     *
     * @throws IllegalStateException wrapping a {@link ConfigException} when a setting is wrong
     */
    public static ArchiveService open(ServerConfig config, PrivateXmlStore userData, RosterService rosters, MemoryBudget budget,
                                      PluginHost plugins) {
        ArchiveConfig ac = config.archive();
        String type = ac.effectiveType(config.storage());
        MessageArchive archive = switch (type) {
            case "none" -> null;
            case "memory" -> new MemoryMessageArchive();
            case "jdbc" -> JdbcMessageArchive.open(config.storage(), config.stateDir());
            default -> plugin(type, ac, plugins);
        };
        if (archive == null) {
            log.info("no conversation archive (archive.type none): MAM is not offered");
            return null;
        }
        Path spoolDir = ac.spoolDir() != null ? ac.spoolDir() : config.stateDir().resolve("archive-spool");
        try {
            ArchiveSpool spool = new ArchiveSpool(spoolDir, ac.spoolMaxMb() * (1L << 20));
            MamPrefs prefs = new MamPrefs(userData, rosters, ac.defaultPolicy());
            ArchiveWriter writer = new ArchiveWriter(archive, spool, prefs.asPolicy(), ac.queueSize(), (long) ac.queueMaxMb() << 20,
                    ac.batchSize(), ac.retrySeconds() * 1000L, budget);
            writer.start();
            log.info("conversations archived in {} (spool {}, default policy {}, retention {})", archive.describe(), spoolDir,
                    ac.defaultPolicy(), ac.retentionDays() == 0 ? "forever" : ac.retentionDays() + " days");
            return new ArchiveService(archive, writer, prefs, ac, config.limits().memory().maxSessionBytes());
        } catch (RuntimeException e) {
            archive.close();
            throw e;
        }
    }

    private static MessageArchive plugin(String type, ArchiveConfig ac, PluginHost plugins) {
        MessageArchiveProvider provider = AuthRepositories.archive(type);
        if (provider == null) {
            throw new IllegalStateException(new ConfigException("configuration", "archive.type", "'" + type
                    + "' is not available; known: jdbc, memory, none" + AuthRepositories.archiveNames()));
        }
        try {
            return provider.create(plugins.context(ac.settings()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(new ConfigException("configuration", "archive.settings", e.getMessage()));
        }
    }

    private void purge(long days) {
        long cutoff = System.currentTimeMillis() - TimeUnit.DAYS.toMillis(days);
        try {
            long removed = archive.purgeBefore(cutoff).toCompletableFuture().get(10, TimeUnit.MINUTES);
            if (removed > 0) {
                log.info("archive retention: {} messages older than {} days purged", removed, days);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("archive retention purge failed ({}); trying again at the next run", e.toString());
        }
    }

    public MessageArchive archive() {
        return archive;
    }

    public ArchiveWriter writer() {
        return writer;
    }

    public Archiving archiving() {
        return archiving;
    }

    public MamProcessor processor() {
        return processor;
    }

    @Override
    public void close() {
        if (purge != null) {
            purge.shutdownNow();
        }
        writer.close();
        archive.close();
    }
}
