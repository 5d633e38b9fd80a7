package net.bluemind.xmpp.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Removing every row of one user from a table, for {@code deleteUser}. */
final class UserRows {

    private UserRows() {
    }

    /** {@code table} and {@code column} are constants of this package, never input. */
    static int delete(Connection c, String table, String column, String user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE " + column + " = ?")) {
            ps.setString(1, user);
            return ps.executeUpdate();
        }
    }
}
