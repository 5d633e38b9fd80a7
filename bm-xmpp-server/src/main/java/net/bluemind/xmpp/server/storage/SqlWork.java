package net.bluemind.xmpp.server.storage;

import java.sql.Connection;
import java.sql.SQLException;

/** Statements run inside one transaction; the caller commits, rolls back and retries. */
@FunctionalInterface
interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
