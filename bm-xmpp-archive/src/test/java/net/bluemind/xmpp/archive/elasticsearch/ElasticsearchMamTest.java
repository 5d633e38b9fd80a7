package net.bluemind.xmpp.archive.elasticsearch;

import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeAll;

import net.bluemind.xmpp.server.config.ServerConfig;
import net.bluemind.xmpp.server.testkit.MamScenarios;

/** The MAM scenarios over real sockets, with the archive in a real Elasticsearch. */
class ElasticsearchMamTest extends MamScenarios {

    private static ElasticsearchProcess elasticsearch;

    @BeforeAll
    static void startElasticsearch() {
        elasticsearch = ElasticsearchProcess.shared();
    }

    @Override
    protected void resetArchive() {
        new RestCalls(elasticsearch.url()).deleteArchiveIndices();
    }

    @Override
    protected UnaryOperator<ServerConfig> archiveConfig() {
        return c -> c.withArchive(c.archive().withType("elasticsearch").withSettings(Map.of("url", elasticsearch.url())));
    }

    @Override
    protected Duration archiveDelay() {
        return Duration.ofSeconds(60);
    }
}
