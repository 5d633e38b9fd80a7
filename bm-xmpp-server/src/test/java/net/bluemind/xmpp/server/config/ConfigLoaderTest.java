package net.bluemind.xmpp.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path f = dir.resolve("bm-xmpp.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    /** etc/bm-xmpp.yaml names the BlueMind plugins, absent here: packaging's ProductionConfigTest loads it. */
    @Test
    void loadsTheShippedConfigurations() throws Exception {
        ServerConfig demo = ConfigLoader.load(Path.of("../etc/demo/standalone.yaml"));
        assertEquals(2, demo.domains().list().size());
        assertTrue(demo.auth().local().directory().endsWith("directory.yaml"));
        assertTrue(Files.isRegularFile(demo.auth().local().directory()));
    }

    @Test
    void appliesDefaultsToAnEmptyFile() throws Exception {
        ServerConfig c = ConfigLoader.load(write(""));
        assertEquals(2, c.listeners().size());
        assertEquals(262_144, c.limits().maxStanzaBytes());
        assertEquals(dir.resolve("/var/lib/bm-xmpp"), c.stateDir());
    }

    @Test
    void theArchiveDefaultsToTheStorageDatabaseAndItsSpoolToTheStateDir() throws Exception {
        ServerConfig c = ConfigLoader.load(write("state-dir: state\n"));
        assertEquals("jdbc", c.archive().effectiveType(c.storage()));
        assertEquals(dir.resolve("state").resolve("archive-spool"), c.archive().spoolDir());
        ServerConfig memory = ConfigLoader.load(write("storage:\n  type: memory\n"));
        assertEquals("memory", memory.archive().effectiveType(memory.storage()));
    }

    @Test
    void readsTheByteBudgetsAndNamesTheOneThatIsWrong() throws Exception {
        ServerConfig c = ConfigLoader.load(write("""
                limits:
                  memory: { budget-mb: 300, max-session-bytes: 4194304 }
                storage: { max-offline-bytes-per-user: 1048576 }
                archive: { queue-max-mb: 16 }
                """));
        assertEquals(300L << 20, c.limits().memory().budgetBytes());
        assertEquals(4 << 20, c.limits().memory().maxSessionBytes());
        assertEquals(2 << 20, c.limits().memory().maxPendingInboundBytes());
        assertEquals(1 << 20, c.storage().maxOfflineBytesPerUser());
        assertEquals(16, c.archive().queueMaxMb());
        assertTrue(ConfigLoader.load(write("")).limits().memory().budgetBytes() > 0, "a share of the heap by default");
        ConfigException session = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write("limits:\n  memory:\n    max-session-bytes: 1000\n")));
        assertTrue(session.getMessage().contains("limits.memory.max-session-bytes"), session.getMessage());
        ConfigException offline = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write("storage:\n  max-offline-bytes-per-user: 8388608\n")));
        assertTrue(offline.getMessage().contains("storage.max-offline-bytes-per-user")
                && offline.getMessage().contains("max-session-bytes"), offline.getMessage());
        ConfigException budget = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write("limits:\n  memory:\n    budget-mb: -1\n")));
        assertTrue(budget.getMessage().contains("limits.memory.budget-mb"), budget.getMessage());
    }

    @Test
    void namesTheArchiveKeyThatIsWrong() throws Exception {
        ConfigException unknown = assertThrows(ConfigException.class, () -> ConfigLoader.load(write("archive:\n  type: cassandra\n")));
        assertTrue(unknown.getMessage().contains("archive.type") && unknown.getMessage().contains("cassandra"), unknown.getMessage());
        ConfigException jdbcInMemory = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write("storage:\n  type: memory\narchive:\n  type: jdbc\n")));
        assertTrue(jdbcInMemory.getMessage().contains("archive.type"), jdbcInMemory.getMessage());
        ConfigException policy = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write("archive:\n  default-policy: sometimes\n")));
        assertTrue(policy.getMessage().contains("archive.default-policy"), policy.getMessage());
        ConfigException retention = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write("archive:\n  retention-days: -1\n")));
        assertTrue(retention.getMessage().contains("archive.retention-days"), retention.getMessage());
    }

    @Test
    void resolvesRelativePathsAgainstTheFilesFolder() throws Exception {
        ServerConfig c = ConfigLoader.load(write("state-dir: state\n"));
        assertEquals(dir.resolve("state"), c.stateDir());
    }

    @Test
    void namesAnUnknownKey() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(write("limits:\n  max-stanza-size: 10\n")));
        assertTrue(e.getMessage().contains("key 'limits.max-stanza-size'"), e.getMessage());
    }

    @Test
    void namesAKeyWithAWrongType() throws Exception {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write("listeners:\n  - { port: many }\n")));
        assertTrue(e.getMessage().contains("listeners[0].port"), e.getMessage());
    }

    @Test
    void refusesOldTlsVersions() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(write("tls:\n  protocols: [TLSv1.1]\n")));
        assertTrue(e.getMessage().contains("key 'tls.protocols[0]'"), e.getMessage());
    }

    @Test
    void refusesADomainListedTwice() throws Exception {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write("domains:\n  list:\n    - name: a.test\n      aliases: [A.test]\n")));
        assertTrue(e.getMessage().contains("domains.list[0].aliases[0]"), e.getMessage());
    }

    @Test
    void refusesNonPositiveLimits() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(write("limits:\n  max-depth: 0\n")));
        assertTrue(e.getMessage().contains("limits.max-depth"), e.getMessage());
    }

    @Test
    void refusesAMissingDirectoryFile() throws Exception {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write("auth:\n  local:\n    directory: nowhere.yaml\n")));
        assertTrue(e.getMessage().contains("auth.local.directory"), e.getMessage());
    }

    @Test
    void reportsAMissingFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("absent.yaml")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }
}
