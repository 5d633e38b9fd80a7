package net.bluemind.xmpp.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import net.bluemind.xmpp.spi.RosterStore.Roster;
import net.bluemind.xmpp.spi.RosterStore.RosterItem;
import net.bluemind.xmpp.spi.RosterStore.Subscription;

/** Roster items, their groups and the roster version (RFC 6121 §2, XEP-0237). */
final class RosterTable {

    private static final String SELECT_VERSION = "SELECT version FROM xmpp_roster_version WHERE user_jid = ?";
    private static final String INCREMENT_VERSION =
            "UPDATE xmpp_roster_version SET version = version + 1 WHERE user_jid = ?";
    private static final String INSERT_FIRST_VERSION =
            "INSERT INTO xmpp_roster_version (user_jid, version) VALUES (?, 1)";
    private static final String SELECT_ITEMS = """
            SELECT i.contact_jid, i.name, i.subscription, i.ask_out, i.pending_in, i.pre_approved, g.group_name
            FROM xmpp_roster_item i
            LEFT JOIN xmpp_roster_group g ON g.user_jid = i.user_jid AND g.contact_jid = i.contact_jid
            WHERE i.user_jid = ?
            ORDER BY i.contact_jid, g.group_index""";
    private static final String DELETE_GROUPS = "DELETE FROM xmpp_roster_group WHERE user_jid = ? AND contact_jid = ?";
    private static final String INSERT_GROUP =
            "INSERT INTO xmpp_roster_group (user_jid, contact_jid, group_index, group_name) VALUES (?, ?, ?, ?)";
    private static final String DELETE_ITEM = "DELETE FROM xmpp_roster_item WHERE user_jid = ? AND contact_jid = ?";

    private final String upsertItem;

    RosterTable(SqlDialect dialect) {
        this.upsertItem = dialect.upsert("xmpp_roster_item", List.of("user_jid", "contact_jid"),
                List.of("name", "subscription", "ask_out", "pending_in", "pre_approved"));
    }

    Roster roster(Connection c, String user) throws SQLException {
        // The version is read before the items: if a change commits in between, the client gets newer
        // items under an older version and is merely sent them again, never stale items under a new version.
        long version = version(c, user);
        return new Roster(version, items(c, user));
    }

    long put(Connection c, String user, RosterItem item) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(upsertItem)) {
            ps.setString(1, user);
            ps.setString(2, item.contact());
            ps.setString(3, item.name());
            ps.setString(4, item.subscription().name().toLowerCase(Locale.ROOT));
            ps.setBoolean(5, item.askOut());
            ps.setBoolean(6, item.pendingIn());
            ps.setBoolean(7, item.preApproved());
            ps.executeUpdate();
        }
        replaceGroups(c, user, item);
        return incrementVersion(c, user);
    }

    long remove(Connection c, String user, String contact) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DELETE_ITEM)) {
            ps.setString(1, user);
            ps.setString(2, contact);
            // Groups go with the item (ON DELETE CASCADE); nothing removed, nothing changed.
            return ps.executeUpdate() > 0 ? incrementVersion(c, user) : version(c, user);
        }
    }

    void deleteUser(Connection c, String user) throws SQLException {
        UserRows.delete(c, "xmpp_roster_group", "user_jid", user);
        UserRows.delete(c, "xmpp_roster_item", "user_jid", user);
        UserRows.delete(c, "xmpp_roster_version", "user_jid", user);
    }

    private long version(Connection c, String user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_VERSION)) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /**
     * Locks the user's version row until commit, so concurrent changes to one roster get distinct
     * versions. Two first changes racing to insert the row collide on its key and one is run again.
     */
    private long incrementVersion(Connection c, String user) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(INCREMENT_VERSION)) {
            update.setString(1, user);
            if (update.executeUpdate() == 0) {
                try (PreparedStatement insert = c.prepareStatement(INSERT_FIRST_VERSION)) {
                    insert.setString(1, user);
                    insert.executeUpdate();
                }
            }
        }
        return version(c, user);
    }

    private void replaceGroups(Connection c, String user, RosterItem item) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(DELETE_GROUPS)) {
            delete.setString(1, user);
            delete.setString(2, item.contact());
            delete.executeUpdate();
        }
        // RFC 6121 §2.1.2.2: an item is in each group once; keep the first occurrence's position.
        List<String> groups = List.copyOf(new LinkedHashSet<>(item.groups()));
        if (groups.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT_GROUP)) {
            for (int i = 0; i < groups.size(); i++) {
                insert.setString(1, user);
                insert.setString(2, item.contact());
                insert.setInt(3, i);
                insert.setString(4, groups.get(i));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static List<RosterItem> items(Connection c, String user) throws SQLException {
        Map<String, ItemRow> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT_ITEMS)) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ItemRow row = rows.get(rs.getString(1));
                    if (row == null) {
                        row = ItemRow.read(rs);
                        rows.put(row.contact, row);
                    }
                    String group = rs.getString(7);
                    if (group != null) {
                        row.groups.add(group);
                    }
                }
            }
        }
        List<RosterItem> items = new ArrayList<>(rows.size());
        for (ItemRow row : rows.values()) {
            items.add(row.toItem());
        }
        return items;
    }

    /** One item's columns while its group rows are being collected. */
    private record ItemRow(String contact, String name, Subscription subscription, boolean askOut,
                           boolean pendingIn, boolean preApproved, List<String> groups) {

        static ItemRow read(ResultSet rs) throws SQLException {
            return new ItemRow(rs.getString(1), rs.getString(2),
                    Subscription.valueOf(rs.getString(3).toUpperCase(Locale.ROOT)), rs.getBoolean(4),
                    rs.getBoolean(5), rs.getBoolean(6), new ArrayList<>());
        }

        RosterItem toItem() {
            return new RosterItem(contact, name, subscription, askOut, pendingIn, preApproved, groups);
        }
    }
}
