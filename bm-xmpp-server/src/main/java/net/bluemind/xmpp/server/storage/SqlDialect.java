package net.bluemind.xmpp.server.storage;

import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What differs between the two supported databases: the upsert statement and which errors mean
 * "another transaction got in the way, try again". Everything else is SQL both accept.
 */
enum SqlDialect {

    H2("jdbc:h2:", Set.of(
            "40001", // deadlock, rolled back
            "90131")) { // concurrent update of the same row (MVStore)

        @Override
        String upsert(String table, List<String> keys, List<String> values) {
            return "MERGE INTO " + table + " (" + columns(keys, values) + ") KEY (" + String.join(", ", keys)
                    + ") VALUES (" + placeholders(keys.size() + values.size()) + ")";
        }
    },

    POSTGRESQL("jdbc:postgresql:", Set.of(
            "40001", // serialization failure
            "40P01")) { // deadlock detected

        @Override
        String upsert(String table, List<String> keys, List<String> values) {
            String onConflict = values.isEmpty() ? "DO NOTHING"
                    : values.stream().map(c -> c + " = EXCLUDED." + c)
                            .collect(Collectors.joining(", ", "DO UPDATE SET ", ""));
            return "INSERT INTO " + table + " (" + columns(keys, values) + ") VALUES ("
                    + placeholders(keys.size() + values.size()) + ") ON CONFLICT (" + String.join(", ", keys) + ") "
                    + onConflict;
        }

        // PostgreSQL 10+: the id survives a restart, and txid_status reads the commit log.
        @Override
        String transactionIdQuery() {
            return "SELECT txid_current_if_assigned()";
        }

        @Override
        String transactionStatusQuery() {
            return "SELECT txid_status(?)";
        }
    };

    // Two transactions creating the same row (a first roster change, a first offline message, a new
    // PEP node) collide on the key; the loser succeeds when it runs again and finds the row.
    private static final String UNIQUE_VIOLATION = "23505";
    /** admin_shutdown, crash_shutdown, cannot_connect_now. */
    private static final Set<String> CONNECTION_ENDED = Set.of("57P01", "57P02", "57P03");

    private final String urlPrefix;
    private final Set<String> transientStates;

    SqlDialect(String urlPrefix, Set<String> transientStates) {
        this.urlPrefix = urlPrefix;
        this.transientStates = transientStates;
    }

    /**
     * An insert-or-replace of one row, with parameters for {@code keys} then {@code values}; with no
     * values it inserts the row unless it exists.
     */
    abstract String upsert(String table, List<String> keys, List<String> values);

    /** Whether running the whole transaction again may succeed. */
    boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (UNIQUE_VIOLATION.equals(s.getSQLState()) || transientStates.contains(s.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The query naming the running transaction once it has written (NULL before), so that a commit whose answer
     * was lost can be looked up ({@link #transactionStatusQuery}); null when the database never loses a commit's
     * answer (H2 runs inside the server process).
     */
    String transactionIdQuery() {
        return null;
    }

    /** Whether the transaction so named committed: {@code committed}, {@code aborted} or {@code in progress}. */
    String transactionStatusQuery() {
        return null;
    }

    /**
     * Whether the connection died under the statement (SQLSTATE class 08, or the server shutting down or
     * crashing: 57P01-57P03): a commit that fails so may have committed all the same.
     */
    static boolean isConnectionLoss(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || CONNECTION_ENDED.contains(s.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    boolean accepts(String jdbcUrl) {
        return jdbcUrl.startsWith(urlPrefix);
    }

    /** The dialect for a {@code storage.type} value, or null when the type is unknown. */
    static SqlDialect forType(String type) {
        return switch (type) {
            case "h2" -> H2;
            case "postgresql" -> POSTGRESQL;
            default -> null;
        };
    }

    private static String columns(List<String> keys, List<String> values) {
        return String.join(", ", keys) + (values.isEmpty() ? "" : ", " + String.join(", ", values));
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
