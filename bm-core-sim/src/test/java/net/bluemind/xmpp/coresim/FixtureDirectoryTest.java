package net.bluemind.xmpp.coresim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.bluemind.xmpp.coresim.directory.Directory;
import net.bluemind.xmpp.coresim.directory.SimUser;
import net.bluemind.xmpp.coresim.directory.Validation;

/** A fixture directory on disk, in JSON (valid YAML) or YAML. */
class FixtureDirectoryTest {

    @Test
    void jsonFixtureWithPhotoFileIsServed(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("photos"));
        Files.write(dir.resolve("photos/zed.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3, 4, 5});
        Files.writeString(dir.resolve("directory.yaml"), """
                {"servers": [{"uid": "x1", "fqdn": "x1.corp.test", "tags": ["bm/xmpp"]}],
                 "domains": [{"uid": "d-uid", "name": "corp.test", "aliases": ["corp.example"],
                              "settings": {"im_public_auth": "true"}, "xmppServer": "x1"}],
                 "users": [{"uid": "U-1", "login": "zed", "domain": "d-uid", "password": "pw", "displayName": "Zed Z",
                            "photo": "photos/zed.png", "archived": true, "apiKeys": ["k1"]}]}
                """);
        try (CoreSim sim = CoreSim.start(CoreSimConfig.demo("t").withAmqp(null).withFixtures(dir))) {
            Directory directory = sim.directory();
            SimUser zed = directory.resolveLogin("zed@corp.example").orElseThrow();
            assertEquals("U-1", zed.uid());
            assertEquals("zed@corp.test", zed.defaultEmail());
            assertEquals(9, zed.photo().length);
            assertEquals(Validation.ARCHIVED, directory.validate("zed@corp.test", "pw"));
            assertEquals(Validation.ARCHIVED, directory.validate("zed@corp.test", "k1"));
            assertEquals("x1", directory.requireDomain("d-uid").xmppServer());
            assertTrue(directory.domain("acme.test").isEmpty());
        }
    }

    @Test
    void unknownFixtureKeyIsReportedWithTheFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("directory.yaml"), "domains:\n  - uid: a.test\n    colour: blue\n");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> CoreSim.start(CoreSimConfig.demo("t").withAmqp(null).withFixtures(dir)));
        assertTrue(e.getMessage().contains(dir.resolve("directory.yaml").toString()), e.getMessage());
    }

    @Test
    void bundledDemoHasTheStandaloneAccounts() {
        try (CoreSim sim = CoreSim.start(CoreSimConfig.demo("t").withAmqp(null))) {
            Directory d = sim.directory();
            for (String login : new String[] {"alice", "bob", "erin", "dave", "admin"}) {
                assertEquals(Validation.PASSWORD, d.validate(login + "@acme.test", login), login);
            }
            assertEquals(Validation.PASSWORD, d.validate("carol@globex.test", "carol"));
            assertTrue(d.requireUserByLogin("acme.test", "dave").roles().isEmpty());
            assertEquals("demo-xmpp", d.requireDomain("globex.test").xmppServer());
            assertTrue(d.server("demo-xmpp").orElseThrow().tags().contains("bm/xmpp"));
        }
    }

    @Test
    void mainReadsTheTokenFileAndOptions(@TempDir Path dir) throws Exception {
        Path tok = Files.writeString(dir.resolve("bm-core.tok"), "secret-token\n");
        CoreSimConfig config = CoreSimMain.parse(new String[] {"--fixtures", dir.toString(), "--port", "8091",
                "--token-file", tok.toString(), "--no-amqp"});
        assertEquals("secret-token", config.adminToken());
        assertEquals(8091, config.port());
        assertEquals(dir, config.fixtures());
        assertEquals(null, config.amqpUri());
        assertThrows(IllegalArgumentException.class, () -> CoreSimMain.parse(new String[] {"--port", "1"}));
    }
}
