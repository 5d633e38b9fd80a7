package net.bluemind.xmpp.server.archive;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import net.bluemind.xmpp.server.config.StorageConfig;
import net.bluemind.xmpp.server.storage.JdbcMessageArchive;
import net.bluemind.xmpp.spi.MessageArchive;

/** The archive contract on the JDBC archive, in a fresh embedded H2 database per test. */
class JdbcArchiveContractTest extends MessageArchiveContract {

    @TempDir
    Path state;

    @Override
    protected MessageArchive newArchive() {
        return JdbcMessageArchive.open(StorageConfig.defaults(), state);
    }
}
