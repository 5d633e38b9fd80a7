package net.bluemind.xmpp.server.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.bluemind.xmpp.server.config.StorageConfig;
import net.bluemind.xmpp.spi.PepStore.PepItem;

/** The contract on the embedded H2 database, in its default place under the state directory. */
class H2UserDataRepositoryTest extends UserDataRepositoryContract {

    @TempDir
    static Path stateDir;

    @Override
    protected JdbcUserDataRepository openRepository() {
        return JdbcUserDataRepository.open(StorageConfig.defaults(), stateDir);
    }

    @Test
    void keepsTheDatabaseUnderTheStateDirectory() {
        assertTrue(Files.isRegularFile(stateDir.resolve("db").resolve("bm-xmpp.mv.db")));
    }

    /** H2 has no redo log: an acknowledged write must already be in the file when the process dies. */
    @Test
    void keepsAcknowledgedWritesWhenTheProcessDies(@TempDir Path otherStateDir) throws Exception {
        String user = jid("alice");
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), H2CrashingWriter.class.getName(),
                otherStateDir.toString(), user)
                .redirectErrorStream(true)
                .start();
        String output = new String(writer.getInputStream().readAllBytes());
        assertTrue(writer.waitFor(60, TimeUnit.SECONDS), "writer did not end");
        assertEquals(H2CrashingWriter.EXIT_CODE, writer.exitValue(), output);

        try (JdbcUserDataRepository reopened = JdbcUserDataRepository.open(StorageConfig.defaults(), otherStateDir)) {
            assertEquals(H2CrashingWriter.MESSAGES, await(reopened.offlineMessages(user)).size());
            assertEquals(List.of("last"), await(reopened.pepItems(user, "n", 0)).stream()
                    .map(PepItem::id).toList());
        }
    }
}
