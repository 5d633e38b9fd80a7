package net.bluemind.xmpp.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out how a commit ended when the connection died during it. The database may have committed and died
 * before answering (PostgreSQL stopping while a commit is flushed does exactly this): reporting a failure then
 * would make the client send again what is already stored. So the transaction's id, read before the commit,
 * is looked up on a new connection once the database answers again.
 *
 * <p>It waits on the storage thread, a bounded time: while the database is down nothing else could be stored
 * anyway, and the client's acknowledgement waits for the truth.
 */
final class InterruptedCommits {

    private static final Logger logger = LoggerFactory.getLogger(InterruptedCommits.class);
    /** How long the outcome is sought: past it the write is reported as failed (it may have been done). */
    static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long PAUSE_MILLIS = 200;

    private final DataSource dataSource;
    private final String statusQuery;
    private final long patienceNanos;

    InterruptedCommits(DataSource dataSource, SqlDialect dialect, long patienceNanos) {
        this.dataSource = dataSource;
        this.statusQuery = dialect.transactionStatusQuery();
        this.patienceNanos = patienceNanos;
    }

    /** Whether transaction {@code id}, whose commit failed with {@code lost}, committed all the same. */
    boolean committed(long id, SQLException lost) throws InterruptedException {
        long deadline = System.nanoTime() + patienceNanos;
        String lastProblem = lost.getMessage();
        while (System.nanoTime() - deadline < 0) {
            try {
                String status = status(id);
                if (!"in progress".equals(status)) {
                    logger.info("the answer to the commit of transaction {} was lost ({}); the database says: {}", id,
                            lost.getMessage(), status == null ? "unknown (too old)" : status);
                    return "committed".equals(status);
                }
            } catch (SQLException e) {
                lastProblem = e.getMessage(); // still unreachable
            }
            Thread.sleep(PAUSE_MILLIS);
        }
        logger.warn("the outcome of transaction {} is unknown after {} s ({}): reported as failed, though it may be stored", id,
                TimeUnit.NANOSECONDS.toSeconds(patienceNanos), lastProblem);
        return false;
    }

    /** The transaction's fate from a fresh connection (the pool drops the dead ones). */
    private String status(long id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(statusQuery)) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            } finally {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
            }
        }
    }
}
