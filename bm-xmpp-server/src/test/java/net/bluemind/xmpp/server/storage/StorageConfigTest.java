package net.bluemind.xmpp.server.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.server.config.StorageConfig;

class StorageConfigTest {

    @Test
    void defaultsToAnEmbeddedH2Database() {
        StorageConfig c = StorageConfig.defaults();
        assertEquals("h2", c.type());
        assertNull(c.url());
        assertEquals(8, c.poolSize());
        assertEquals(1000, c.maxOfflinePerUser());
    }

    @Test
    void takesAPostgresqlUrlToMeanPostgresql() {
        assertEquals("postgresql", new StorageConfig(null, "jdbc:postgresql://db/xmpp", null, null, null, null).type());
        assertEquals("postgresql", new StorageConfig(" PostgreSQL ", null, null, null, null, null).type());
    }

    @Test
    void neverPrintsThePassword() {
        StorageConfig c = new StorageConfig(null, "jdbc:postgresql://db/xmpp?password=hunter2&ssl=true", "xmpp",
                "s3cret", null, null);
        assertEquals("jdbc:postgresql://db/xmpp?password=***&ssl=true", c.redactedUrl());
        assertFalse(c.toString().contains("hunter2"), c.toString());
        assertFalse(c.toString().contains("s3cret"), c.toString());
    }
}
