package net.bluemind.xmpp.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each unit of work in its own transaction on the storage threads: commit before the stage
 * completes (that is what makes a write durable for the caller), roll back on failure, and run it
 * again when another transaction got in the way (see {@link SqlDialect#isTransient}). A commit whose
 * connection died under it is looked up ({@link InterruptedCommits}) rather than reported as failed.
 */
final class TransactionRunner {

    private static final Logger logger = LoggerFactory.getLogger(TransactionRunner.class);
    private static final int MAX_ATTEMPTS = 5;

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final StorageExecutor executor;
    private final InterruptedCommits interrupted;

    /**
     * @param lookUpLostCommits whether a commit cut off by a lost connection is looked up (user data: the client is
     *                          told the truth) or simply fails (idempotent writes that are tried again, as the
     *                          archive's: waiting for the database would only hold them back)
     */
    TransactionRunner(DataSource dataSource, SqlDialect dialect, StorageExecutor executor, boolean lookUpLostCommits) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.executor = executor;
        this.interrupted = lookUpLostCommits && dialect.transactionIdQuery() != null
                ? new InterruptedCommits(dataSource, dialect, InterruptedCommits.PATIENCE_NANOS) : null;
    }

    <T> CompletionStage<T> inTransaction(SqlWork<T> work) {
        return executor.submit(() -> runWithRetries(work));
    }

    private <T> T runWithRetries(SqlWork<T> work) throws SQLException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return runOnce(work);
            } catch (SQLException e) {
                if (attempt == MAX_ATTEMPTS || !dialect.isTransient(e)) {
                    throw e;
                }
                logger.debug("transaction attempt {} collided ({}: {}), running it again", attempt, e.getSQLState(),
                        e.getMessage());
                // Random pause so that the colliding transactions do not meet again.
                Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L * attempt));
            }
        }
    }

    private <T> T runOnce(SqlWork<T> work) throws SQLException, InterruptedException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            T result;
            Long id;
            try {
                result = work.run(connection);
                id = transactionId(connection);
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
            try {
                connection.commit();
                return result;
            } catch (SQLException e) {
                if (id != null && SqlDialect.isConnectionLoss(e) && interrupted.committed(id, e)) {
                    return result;
                }
                rollback(connection, e);
                throw e;
            } catch (RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
        }
    }

    /** The transaction's id if it wrote and a lost commit is to be looked up, else null. */
    private Long transactionId(Connection connection) throws SQLException {
        if (interrupted == null) {
            return null;
        }
        try (PreparedStatement ps = connection.prepareStatement(dialect.transactionIdQuery()); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            long id = rs.getLong(1);
            return rs.wasNull() ? null : id;
        }
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
