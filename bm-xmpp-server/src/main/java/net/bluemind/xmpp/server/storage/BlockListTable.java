package net.bluemind.xmpp.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Blocked JIDs (XEP-0191). */
final class BlockListTable {

    private static final String SELECT =
            "SELECT blocked_jid FROM xmpp_block_list WHERE user_jid = ? ORDER BY blocked_jid";
    private static final String DELETE = "DELETE FROM xmpp_block_list WHERE user_jid = ? AND blocked_jid = ?";

    private final String insertIfAbsent;

    BlockListTable(SqlDialect dialect) {
        this.insertIfAbsent = dialect.upsert("xmpp_block_list", List.of("user_jid", "blocked_jid"), List.of());
    }

    Set<String> blockList(Connection c, String user) throws SQLException {
        Set<String> jids = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    jids.add(rs.getString(1));
                }
            }
        }
        return Collections.unmodifiableSet(jids);
    }

    void block(Connection c, String user, Set<String> jids) throws SQLException {
        forEachJid(c, insertIfAbsent, user, jids);
    }

    void unblock(Connection c, String user, Set<String> jids) throws SQLException {
        if (jids.isEmpty()) {
            UserRows.delete(c, "xmpp_block_list", "user_jid", user);
        } else {
            forEachJid(c, DELETE, user, jids);
        }
    }

    void deleteUser(Connection c, String user) throws SQLException {
        UserRows.delete(c, "xmpp_block_list", "user_jid", user);
    }

    private static void forEachJid(Connection c, String sql, String user, Set<String> jids) throws SQLException {
        if (jids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (String jid : jids) {
                ps.setString(1, user);
                ps.setString(2, jid);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
