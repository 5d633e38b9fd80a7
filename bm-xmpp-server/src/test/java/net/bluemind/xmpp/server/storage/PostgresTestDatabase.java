package net.bluemind.xmpp.server.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A database of its own on the PostgreSQL server at 127.0.0.1:5432 (trust authentication, user
 * {@code postgres}), created for one test class and dropped after it, so runs never meet.
 *
 * <p>PostgreSQL being down fails the tests: a green build must mean the production backend was
 * tested. {@code BM_XMPP_SKIP_POSTGRES=1} skips them instead, on a machine without PostgreSQL: test
 * classes using this database carry {@link SkipWithoutPostgres}.
 */
final class PostgresTestDatabase {

    static final String SKIP_VARIABLE = "BM_XMPP_SKIP_POSTGRES";
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String ADMIN_DATABASE = "test";
    static final String USER = "postgres";

    private final String name;

    private PostgresTestDatabase(String name) {
        this.name = name;
    }

    static PostgresTestDatabase create() {
        String name = "bmxmpp_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                .toLowerCase(Locale.ROOT);
        try {
            admin("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is not usable at " + SERVER + ADMIN_DATABASE + " as " + USER
                    + " (" + e.getMessage() + "); start it, or set " + SKIP_VARIABLE + "=1 to skip these tests", e);
        }
        return new PostgresTestDatabase(name);
    }

    String url() {
        return SERVER + name;
    }

    void drop() throws SQLException {
        // FORCE: a failed test may have left a connection open; it must not leave the database behind.
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + ADMIN_DATABASE, USER, null);
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
