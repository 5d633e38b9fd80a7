package net.bluemind.xmpp.server.storage;

import java.nio.file.Path;
import java.sql.SQLException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import net.bluemind.xmpp.server.archive.MessageArchiveContract;
import net.bluemind.xmpp.server.config.StorageConfig;
import net.bluemind.xmpp.spi.MessageArchive;

/** The archive contract on the JDBC archive in the real PostgreSQL, one fresh database per test. */
@SkipWithoutPostgres
class PostgresqlArchiveContractTest extends MessageArchiveContract {

    @TempDir
    Path state;
    private PostgresTestDatabase database;

    @Override
    protected void reset() {
        database = PostgresTestDatabase.create();
    }

    @Override
    protected MessageArchive newArchive() {
        return JdbcMessageArchive.open(new StorageConfig("postgresql", database.url(), PostgresTestDatabase.USER, null, null, null),
                state);
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        database.drop();
    }
}
