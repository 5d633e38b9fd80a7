package net.bluemind.xmpp.server.storage;

import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Whether a database error refuses the data itself (running it again can only fail the same way) rather
 * than meaning that the database could not be reached or could not work. SQL:2016 SQLSTATE classes:
 * 21 cardinality violation (PostgreSQL's upsert touching one row twice: a batch holding a message twice,
 * which storing it in parts resolves), 22 data exception (22001 a string too long for its column), 23
 * integrity constraint violation, and PostgreSQL's 54 program limit exceeded (54000: an index entry over a
 * b-tree page's third, about 2,700 bytes). Class 08 (connection exception), timeouts, and everything else
 * are not refusals.
 */
final class SqlRejection {

    /** H2 quotes the refused value after the column name: it may be a message body, never logged. */
    private static final Pattern QUOTED_VALUE = Pattern.compile("\": \".*", Pattern.DOTALL);
    private static final Pattern SQL_STATEMENT = Pattern.compile(";\\s*SQL statement:.*", Pattern.DOTALL);

    private SqlRejection() {
    }

    /** The refusing error in the chain (causes and a batch's next exceptions), or null when it is none. */
    static SQLException find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    if (refusesData(s.getSQLState())) {
                        return s;
                    }
                }
            }
        }
        return null;
    }

    static boolean refusesData(String sqlState) {
        return sqlState != null && (sqlState.startsWith("21") || sqlState.startsWith("22") || sqlState.startsWith("23")
                || sqlState.startsWith("54"));
    }

    /** One line for the log: the state and the database's words, without the value it quotes. */
    static String describe(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        message = SQL_STATEMENT.matcher(message).replaceFirst("");
        message = QUOTED_VALUE.matcher(message).replaceFirst("\"");
        return "SQLState " + e.getSQLState() + ": " + message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
