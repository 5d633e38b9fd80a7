package net.bluemind.xmpp.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import net.bluemind.xmpp.spi.PepStore.PepItem;
import net.bluemind.xmpp.spi.PepStore.PepNodeConfig;

/**
 * PEP nodes and their items (XEP-0163). A node keeps its {@code maxItems} most recently published
 * items (at least one, as the in-memory repository does), none when it does not persist items.
 */
final class PepTables {

    private static final String SELECT_NODES = "SELECT node FROM xmpp_pep_node WHERE owner_jid = ? ORDER BY node";
    private static final String SELECT_NODE =
            "SELECT access_model, max_items, persist_items FROM xmpp_pep_node WHERE owner_jid = ? AND node = ?";
    private static final String LOCK_NODE = SELECT_NODE + " FOR UPDATE";
    private static final String INSERT_NODE = """
            INSERT INTO xmpp_pep_node (owner_jid, node, access_model, max_items, persist_items)
            VALUES (?, ?, ?, ?, ?)""";
    private static final String DELETE_NODE = "DELETE FROM xmpp_pep_node WHERE owner_jid = ? AND node = ?";
    private static final String NEXT_SEQ =
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM xmpp_pep_item WHERE owner_jid = ? AND node = ?";
    private static final String SELECT_ITEMS = """
            SELECT item_id, payload, publisher_jid, published_millis FROM xmpp_pep_item
            WHERE owner_jid = ? AND node = ? ORDER BY seq DESC""";
    private static final String FIRST_ROWS = " FETCH FIRST ? ROWS ONLY";
    private static final String DELETE_ITEM =
            "DELETE FROM xmpp_pep_item WHERE owner_jid = ? AND node = ? AND item_id = ?";
    private static final String DELETE_ITEMS = "DELETE FROM xmpp_pep_item WHERE owner_jid = ? AND node = ?";
    // Deletes from the first item past the newest `keep` downwards.
    private static final String DELETE_OLDER_ITEMS = """
            DELETE FROM xmpp_pep_item WHERE owner_jid = ? AND node = ? AND seq <= (
                SELECT seq FROM xmpp_pep_item WHERE owner_jid = ? AND node = ?
                ORDER BY seq DESC OFFSET ? ROWS FETCH FIRST 1 ROWS ONLY)""";

    private final String upsertNode;
    private final String upsertItem;

    PepTables(SqlDialect dialect) {
        this.upsertNode = dialect.upsert("xmpp_pep_node", List.of("owner_jid", "node"),
                List.of("access_model", "max_items", "persist_items"));
        this.upsertItem = dialect.upsert("xmpp_pep_item", List.of("owner_jid", "node", "item_id"),
                List.of("seq", "payload", "publisher_jid", "published_millis"));
    }

    List<String> nodes(Connection c, String owner) throws SQLException {
        List<String> nodes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT_NODES)) {
            ps.setString(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    nodes.add(rs.getString(1));
                }
            }
        }
        return nodes;
    }

    Optional<PepNodeConfig> node(Connection c, String owner, String node) throws SQLException {
        return readNode(c, SELECT_NODE, owner, node);
    }

    void putNode(Connection c, String owner, String node, PepNodeConfig config) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(upsertNode)) {
            bindNode(ps, owner, node, config);
            ps.executeUpdate();
        }
        // A node reconfigured to keep fewer items drops the oldest now, not at the next publish.
        trim(c, owner, node, config);
    }

    /**
     * The node row stays locked until commit, so publishers to one node are serialized: each gets
     * the next {@code seq} and trimming sees every earlier item.
     */
    void publish(Connection c, String owner, String node, PepItem item, PepNodeConfig configIfNew)
            throws SQLException {
        PepNodeConfig config = lockOrCreateNode(c, owner, node, configIfNew);
        if (config.persist()) {
            long seq = nextSeq(c, owner, node);
            try (PreparedStatement ps = c.prepareStatement(upsertItem)) {
                ps.setString(1, owner);
                ps.setString(2, node);
                ps.setString(3, item.id());
                ps.setLong(4, seq);
                ps.setString(5, item.payload());
                ps.setString(6, item.publisher());
                ps.setLong(7, item.published());
                ps.executeUpdate();
            }
        }
        trim(c, owner, node, config);
    }

    List<PepItem> items(Connection c, String owner, String node, int max) throws SQLException {
        List<PepItem> items = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(max > 0 ? SELECT_ITEMS + FIRST_ROWS : SELECT_ITEMS)) {
            ps.setString(1, owner);
            ps.setString(2, node);
            if (max > 0) {
                ps.setInt(3, max);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(new PepItem(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
        }
        return items;
    }

    boolean retract(Connection c, String owner, String node, String itemId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DELETE_ITEM)) {
            ps.setString(1, owner);
            ps.setString(2, node);
            ps.setString(3, itemId);
            return ps.executeUpdate() > 0;
        }
    }

    boolean deleteNode(Connection c, String owner, String node) throws SQLException {
        deleteItems(c, owner, node);
        try (PreparedStatement ps = c.prepareStatement(DELETE_NODE)) {
            ps.setString(1, owner);
            ps.setString(2, node);
            return ps.executeUpdate() > 0;
        }
    }

    void deleteUser(Connection c, String owner) throws SQLException {
        UserRows.delete(c, "xmpp_pep_item", "owner_jid", owner);
        UserRows.delete(c, "xmpp_pep_node", "owner_jid", owner);
    }

    /** Two publishers creating the same node collide on its key; the runner runs the loser again. */
    private PepNodeConfig lockOrCreateNode(Connection c, String owner, String node, PepNodeConfig configIfNew)
            throws SQLException {
        Optional<PepNodeConfig> existing = readNode(c, LOCK_NODE, owner, node);
        if (existing.isPresent()) {
            return existing.get();
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_NODE)) {
            bindNode(ps, owner, node, configIfNew);
            ps.executeUpdate();
        }
        return configIfNew;
    }

    private static Optional<PepNodeConfig> readNode(Connection c, String sql, String owner, String node)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, owner);
            ps.setString(2, node);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new PepNodeConfig(rs.getString(1), rs.getInt(2), rs.getBoolean(3)))
                        : Optional.empty();
            }
        }
    }

    private static void bindNode(PreparedStatement ps, String owner, String node, PepNodeConfig config)
            throws SQLException {
        ps.setString(1, owner);
        ps.setString(2, node);
        ps.setString(3, config.accessModel());
        ps.setInt(4, config.maxItems());
        ps.setBoolean(5, config.persist());
    }

    private static long nextSeq(Connection c, String owner, String node) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(NEXT_SEQ)) {
            ps.setString(1, owner);
            ps.setString(2, node);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void trim(Connection c, String owner, String node, PepNodeConfig config) throws SQLException {
        if (!config.persist()) {
            deleteItems(c, owner, node);
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(DELETE_OLDER_ITEMS)) {
            ps.setString(1, owner);
            ps.setString(2, node);
            ps.setString(3, owner);
            ps.setString(4, node);
            ps.setInt(5, Math.max(1, config.maxItems()));
            ps.executeUpdate();
        }
    }

    private static void deleteItems(Connection c, String owner, String node) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DELETE_ITEMS)) {
            ps.setString(1, owner);
            ps.setString(2, node);
            ps.executeUpdate();
        }
    }
}
