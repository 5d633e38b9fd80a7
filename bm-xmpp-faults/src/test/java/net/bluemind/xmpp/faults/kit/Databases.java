package net.bluemind.xmpp.faults.kit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The databases a server process writes: a throw-away PostgreSQL database, or the H2 file in its state folder. */
public final class Databases {

    public static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";

    private Databases() {
    }

    /** Creates an empty PostgreSQL database on the local server and returns its name. */
    public static String createPostgres(String prefix) throws SQLException {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(POSTGRES + "postgres", "postgres", null); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    public static void dropPostgres(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(POSTGRES + "postgres", "postgres", null); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    /** A connection to the server's database once the server has stopped: H2 in {@code stateDir}, or PostgreSQL {@code pg}. */
    public static Connection open(Path stateDir, String pg) throws SQLException {
        if (pg != null) {
            return DriverManager.getConnection(POSTGRES + pg, "postgres", null);
        }
        return DriverManager.getConnection("jdbc:h2:file:" + stateDir.resolve("db").resolve("bm-xmpp").toAbsolutePath(), "sa", null);
    }

    /** Every stanza of one query's first column. */
    public static List<String> strings(Connection c, String sql, String parameter) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
