package net.bluemind.xmpp.server.storage;

import java.nio.file.Path;
import java.sql.SQLException;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import net.bluemind.xmpp.server.config.StorageConfig;

/**
 * Turns a {@link StorageConfig} into a migrated, pooled database, or a {@link StorageException} that
 * says which database and why.
 */
final class StorageDatabase {

    private static final Logger logger = LoggerFactory.getLogger(StorageDatabase.class);

    /**
     * DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook must not close the database under queued writes;
     * WRITE_DELAY=0: write each commit to the file before it returns (H2 has no redo log, and by default
     * writes half a second later), so a process crash loses no acknowledged write.
     */
    static final String H2_OPTIONS = ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;LOCK_TIMEOUT=10000";
    static final String SCHEMA_HISTORY_TABLE = "xmpp_schema_history";

    record Opened(HikariDataSource dataSource, SqlDialect dialect) {
    }

    private StorageDatabase() {
    }

    static Opened open(StorageConfig config, Path stateDir) {
        SqlDialect dialect = SqlDialect.forType(config.type());
        if (dialect == null) {
            throw new StorageException("storage.type '" + config.type() + "' is not supported: use h2 or postgresql");
        }
        if (config.poolSize() < 1) {
            throw new StorageException("storage.pool-size must be at least 1, not " + config.poolSize());
        }
        String url = jdbcUrl(config, stateDir, dialect);
        String shownUrl = config.url() == null ? url : config.redactedUrl();
        if (!dialect.accepts(url)) {
            throw new StorageException("storage.url " + shownUrl + " is not a " + config.type() + " URL");
        }
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(poolConfig(config, url, dialect));
        } catch (RuntimeException e) {
            throw new StorageException("cannot connect to " + shownUrl + ": " + cause(e), e);
        }
        try {
            migrate(dataSource, shownUrl);
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StorageException("cannot migrate the schema of " + shownUrl + ": " + migrationCause(e), e);
        }
        return new Opened(dataSource, dialect);
    }

    private static String jdbcUrl(StorageConfig config, Path stateDir, SqlDialect dialect) {
        if (config.url() != null) {
            return config.url();
        }
        if (dialect != SqlDialect.H2) {
            throw new StorageException("storage.url is required when storage.type is " + config.type());
        }
        return "jdbc:h2:file:" + stateDir.resolve("db").resolve("bm-xmpp").toAbsolutePath() + H2_OPTIONS;
    }

    private static HikariConfig poolConfig(StorageConfig config, String url, SqlDialect dialect) {
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("bm-xmpp-storage");
        pool.setJdbcUrl(url);
        // An H2 file database belongs to whoever created it first; "sa" is H2's customary owner.
        pool.setUsername(config.username() == null && dialect == SqlDialect.H2 ? "sa" : config.username());
        pool.setPassword(config.password());
        // One connection per storage thread: a thread never waits for a connection.
        pool.setMaximumPoolSize(config.poolSize());
        pool.setAutoCommit(false);
        pool.setConnectionTimeout(10_000);
        if (dialect == SqlDialect.POSTGRESQL) {
            // Defaults only: parameters written in the URL win. A finite socket timeout keeps a dead
            // server from holding the storage threads forever.
            pool.addDataSourceProperty("ApplicationName", "bm-xmpp");
            pool.addDataSourceProperty("connectTimeout", "10");
            pool.addDataSourceProperty("socketTimeout", "60");
            // Error messages without the rows they are about: those hold stanzas, which must never reach a log.
            pool.addDataSourceProperty("logServerErrorDetail", "false");
        }
        return pool;
    }

    private static void migrate(HikariDataSource dataSource, String shownUrl) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                // Not Flyway's default name: the database may be shared with another Flyway user.
                .table(SCHEMA_HISTORY_TABLE)
                .load()
                .migrate();
        logger.info("user data in {}: schema version {} ({} migrations applied now)", shownUrl,
                result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                result.migrationsExecuted);
    }

    /**
     * Flyway's advice for a schema it did not create (baseline it) would skip V1 and leave bm-xmpp
     * without tables; say what the admin should do instead.
     */
    private static String migrationCause(RuntimeException e) {
        String cause = cause(e);
        return cause.contains("no schema history table")
                ? "it holds tables bm-xmpp did not create; give bm-xmpp a database or a schema of its own"
                + " (PostgreSQL: ?currentSchema=bm_xmpp in the URL)"
                : cause;
    }

    /** The most precise message: the database's own (deepest SQL error), else the first line given. */
    private static String cause(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException && t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        if (message == null) {
            message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
