package net.bluemind.xmpp.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Private XML storage (XEP-0049): one serialized element per (name, namespace). */
final class PrivateXmlTable {

    private static final String SELECT =
            "SELECT xml FROM xmpp_private_xml WHERE user_jid = ? AND element_name = ? AND element_ns = ?";

    private final String upsert;

    PrivateXmlTable(SqlDialect dialect) {
        this.upsert = dialect.upsert("xmpp_private_xml", List.of("user_jid", "element_name", "element_ns"),
                List.of("xml"));
    }

    Optional<String> get(Connection c, String user, String elementName, String namespace) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setString(1, user);
            ps.setString(2, elementName);
            ps.setString(3, namespace);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    void put(Connection c, String user, String elementName, String namespace, String xml) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(upsert)) {
            ps.setString(1, user);
            ps.setString(2, elementName);
            ps.setString(3, namespace);
            ps.setString(4, xml);
            ps.executeUpdate();
        }
    }

    void deleteUser(Connection c, String user) throws SQLException {
        UserRows.delete(c, "xmpp_private_xml", "user_jid", user);
    }
}
