package net.bluemind.xmpp.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import net.bluemind.xmpp.server.limits.StoredValueLimits;
import net.bluemind.xmpp.spi.OfflineMessageStore.OfflineMessage;

/** The SQL of the messages waiting for a user who was offline (XEP-0160); the feature itself is offline.OfflineStore. */
final class OfflineMessageTable {

    private static final String LOCK_MAILBOX = "SELECT total_bytes FROM xmpp_offline_lock WHERE user_jid = ? FOR UPDATE";
    private static final String CREATE_MAILBOX = "INSERT INTO xmpp_offline_lock (user_jid, total_bytes) VALUES (?, 0)";
    private static final String COUNT = "SELECT COUNT(*) FROM xmpp_offline_message WHERE user_jid = ?";
    private static final String INSERT = """
            INSERT INTO xmpp_offline_message (user_jid, sender_jid, stanza, stamp_millis, stanza_bytes)
            VALUES (?, ?, ?, ?, ?)""";
    private static final String ADD_BYTES = "UPDATE xmpp_offline_lock SET total_bytes = total_bytes + ? WHERE user_jid = ?";
    private static final String SUBTRACT_DELETED = """
            UPDATE xmpp_offline_lock SET total_bytes = total_bytes - COALESCE(
                (SELECT stanza_bytes FROM xmpp_offline_message WHERE user_jid = ? AND id = ?), 0)
            WHERE user_jid = ?""";
    private static final String SELECT = """
            SELECT id, sender_jid, stanza, stamp_millis FROM xmpp_offline_message
            WHERE user_jid = ? ORDER BY id""";
    private static final String DELETE = "DELETE FROM xmpp_offline_message WHERE user_jid = ? AND id = ?";

    boolean store(Connection c, String user, OfflineMessage message, int maxPerUser, long maxBytesPerUser) throws SQLException {
        long held = lockMailbox(c, user);
        long size = StoredValueLimits.utf8Length(message.stanza());
        int count = count(c, user);
        if (count >= maxPerUser || count > 0 && held + size > maxBytesPerUser) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, user);
            ps.setString(2, message.from());
            ps.setString(3, message.stanza());
            ps.setLong(4, message.stamp());
            ps.setLong(5, size);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(ADD_BYTES)) {
            ps.setLong(1, size);
            ps.setString(2, user);
            ps.executeUpdate();
        }
        return true;
    }

    List<OfflineMessage> messages(Connection c, String user) throws SQLException {
        List<OfflineMessage> messages = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    messages.add(new OfflineMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
        }
        return messages;
    }

    void delete(Connection c, String user, List<Long> ids) throws SQLException {
        // The mailbox row first (the lock every store takes), then the messages: deletes and stores queue in one order.
        try (PreparedStatement ps = c.prepareStatement(SUBTRACT_DELETED)) {
            for (long id : ids) {
                ps.setString(1, user);
                ps.setLong(2, id);
                ps.setString(3, user);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement(DELETE)) {
            for (long id : ids) {
                ps.setString(1, user);
                ps.setLong(2, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    void deleteUser(Connection c, String user) throws SQLException {
        UserRows.delete(c, "xmpp_offline_message", "user_jid", user);
        UserRows.delete(c, "xmpp_offline_lock", "user_jid", user);
    }

    /**
     * Holds the user's mailbox row until commit, so that counting and inserting are one step for
     * concurrent senders; returns the bytes its messages hold. The first message creates the row; two first messages racing collide on its
     * key and one transaction is run again, then waits for the lock like any other.
     */
    private static long lockMailbox(Connection c, String user) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(LOCK_MAILBOX)) {
            lock.setString(1, user);
            try (ResultSet rs = lock.executeQuery()) {
                if (rs.next()) {
                    return rs.getLong(1);
                }
            }
        }
        try (PreparedStatement create = c.prepareStatement(CREATE_MAILBOX)) {
            create.setString(1, user);
            create.executeUpdate();
        }
        return 0;
    }

    private static int count(Connection c, String user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COUNT)) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
