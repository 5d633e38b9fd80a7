package net.bluemind.xmpp.server.storage;

import java.nio.file.Path;

import net.bluemind.xmpp.server.config.StorageConfig;
import net.bluemind.xmpp.spi.OfflineMessageStore.OfflineMessage;
import net.bluemind.xmpp.spi.PepStore.PepItem;
import net.bluemind.xmpp.spi.PepStore.PepNodeConfig;

/**
 * Run in a child JVM by {@link H2UserDataRepositoryTest}: writes, waits for each acknowledgement, then
 * halts without closing anything, as a crash would.
 */
public final class H2CrashingWriter {

    static final int MESSAGES = 50;
    static final int EXIT_CODE = 42;

    private H2CrashingWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path stateDir = Path.of(args[0]);
        String user = args[1];
        JdbcUserDataRepository repo = JdbcUserDataRepository.open(StorageConfig.defaults(), stateDir);
        for (int i = 0; i < MESSAGES; i++) {
            repo.storeOffline(user, new OfflineMessage(0, "bob@example.com", "<message/>", i), MESSAGES)
                    .toCompletableFuture().join();
        }
        repo.publishPepItem(user, "n", new PepItem("last", "<x xmlns='urn:test'/>", user, 1),
                new PepNodeConfig("presence", 1, true)).toCompletableFuture().join();
        Runtime.getRuntime().halt(EXIT_CODE);
    }
}
