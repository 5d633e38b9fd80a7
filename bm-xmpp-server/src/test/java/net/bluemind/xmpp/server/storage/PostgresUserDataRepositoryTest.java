package net.bluemind.xmpp.server.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.server.config.StorageConfig;

/** The contract on PostgreSQL, in a database created for this class. */
@SkipWithoutPostgres
class PostgresUserDataRepositoryTest extends UserDataRepositoryContract {

    private static PostgresTestDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = PostgresTestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        if (database != null) {
            database.drop();
        }
    }

    @Override
    protected JdbcUserDataRepository openRepository() {
        return JdbcUserDataRepository.open(config(database.url()), Path.of("unused"));
    }

    private static StorageConfig config(String url) {
        return new StorageConfig("postgresql", url, PostgresTestDatabase.USER, null, 4, null);
    }

    /** What docs/storage.md advises when the database is shared: a schema of bm-xmpp's own. */
    @Test
    void createsItsTablesInTheSchemaNamedByTheUrl() throws Exception {
        try (JdbcUserDataRepository inSchema = JdbcUserDataRepository.open(
                config(database.url() + "?currentSchema=bm_xmpp"), Path.of("unused"))) {
            await(inSchema.block("alice@example.com", Set.of("spam@example.net")));
        }
        try (Connection c = DriverManager.getConnection(database.url(), PostgresTestDatabase.USER, null);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT blocked_jid FROM bm_xmpp.xmpp_block_list")) {
            assertTrue(rs.next());
            assertEquals("spam@example.net", rs.getString(1));
        }
    }
}
