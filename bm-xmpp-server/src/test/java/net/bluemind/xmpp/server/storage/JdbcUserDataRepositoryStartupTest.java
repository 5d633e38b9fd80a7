package net.bluemind.xmpp.server.storage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.bluemind.xmpp.server.config.StorageConfig;

/** Start-up failures give one line naming the database (never its password) and the cause. */
class JdbcUserDataRepositoryStartupTest {

    @TempDir
    Path stateDir;

    private StorageException openFails(StorageConfig config) {
        return assertThrows(StorageException.class, () -> JdbcUserDataRepository.open(config, stateDir).close());
    }

    private static void assertOneLineContaining(String message, String... parts) {
        assertFalse(message.contains("\n"), message);
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' missing from: " + message);
        }
    }

    @Test
    void namesTheUrlButNotThePasswordWhenTheDatabaseIsUnreachable() {
        StorageException e = openFails(new StorageConfig(null,
                "jdbc:postgresql://127.0.0.1:1/nowhere?user=xmpp&password=hunter2", null, "s3cret", 1, null));
        assertOneLineContaining(e.getMessage(), "cannot connect to jdbc:postgresql://127.0.0.1:1/nowhere", "password=***",
                "refused");
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void namesTheUrlWhenTheSchemaCannotBeMigrated() throws Exception {
        // A non-empty schema that Flyway did not create: it refuses to guess what is in there.
        String url = "jdbc:h2:file:" + stateDir.resolve("foreign").toAbsolutePath();
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE someone_elses (id INT)");
        }
        StorageException e = openFails(new StorageConfig("h2", url, null, null, 1, null));
        assertOneLineContaining(e.getMessage(), "cannot migrate the schema of " + url, "tables bm-xmpp did not create",
                "a database or a schema of its own");
    }

    @Test
    void refusesAnUnknownType() {
        assertOneLineContaining(openFails(new StorageConfig("mysql", null, null, null, null, null)).getMessage(),
                "storage.type 'mysql'", "h2 or postgresql");
    }

    @Test
    void requiresAUrlForPostgresql() {
        assertOneLineContaining(openFails(new StorageConfig("postgresql", null, null, null, null, null)).getMessage(),
                "storage.url is required");
    }

    @Test
    void refusesAUrlOfAnotherDatabase() {
        assertOneLineContaining(
                openFails(new StorageConfig("postgresql", "jdbc:h2:mem:x;PASSWORD=pw", null, null, null, null))
                        .getMessage(),
                "jdbc:h2:mem:x;PASSWORD=***", "is not a postgresql URL");
    }

    @Test
    void refusesAnEmptyPool() {
        assertOneLineContaining(openFails(new StorageConfig(null, null, null, null, 0, null)).getMessage(),
                "storage.pool-size");
    }
}
