package net.bluemind.xmpp.server.archive;

import java.util.function.UnaryOperator;

import net.bluemind.xmpp.server.config.ServerConfig;
import net.bluemind.xmpp.server.testkit.MamScenarios;

/** MAM on the JDBC archive in the embedded H2 database (the standalone default). */
class JdbcMamTest extends MamScenarios {

    @Override
    protected UnaryOperator<ServerConfig> archiveConfig() {
        return c -> c.withArchive(c.archive().withType("jdbc"));
    }
}
