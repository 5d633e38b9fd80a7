package net.bluemind.xmpp.server.archive;

import java.util.function.UnaryOperator;

import net.bluemind.xmpp.server.config.ServerConfig;
import net.bluemind.xmpp.server.config.StorageConfig;
import net.bluemind.xmpp.server.testkit.MamScenarios;

/** MAM on the in-memory archive, which a memory storage gets by default. */
class MemoryMamTest extends MamScenarios {

    @Override
    protected UnaryOperator<ServerConfig> archiveConfig() {
        return c -> c.withStorage(new StorageConfig("memory", null, null, null, null, null));
    }
}
