package net.bluemind.xmpp.coreclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoreClientConfigTest {

    @Test
    void coreHostComesFromBmIniHostLine(@TempDir Path dir) throws Exception {
        Path ini = Files.writeString(dir.resolve("bm.ini"), "[global]\nexternal-url=mail.acme.test\n host = 10.0.0.5 \n");
        assertEquals("10.0.0.5", BmIni.coreHost(ini));
    }

    @Test
    void coreHostMayBeQuoted(@TempDir Path dir) throws Exception {
        Path ini = Files.writeString(dir.resolve("bm.ini"), "[global]\nhost = \"10.0.0.6\"\n");
        assertEquals("10.0.0.6", BmIni.coreHost(ini));
    }

    @Test
    void coreHostDefaultsToLoopbackWithoutFileOrKey(@TempDir Path dir) throws Exception {
        assertEquals("127.0.0.1", BmIni.coreHost(dir.resolve("missing.ini")));
        Path ini = Files.writeString(dir.resolve("bm.ini"), "external-url=mail.acme.test\n");
        assertEquals("127.0.0.1", BmIni.coreHost(ini));
    }

    @Test
    void tokenFileIsReadTrimmed(@TempDir Path dir) throws Exception {
        Path tok = Files.writeString(dir.resolve("bm-core.tok"), "  5e1f-admin-token\n");
        CoreClientConfig config = CoreClientConfig.of(URI.create("http://core:8090/"), "placeholder")
                .withTokenFile(tok);
        assertEquals("5e1f-admin-token", config.token());
        assertEquals(URI.create("http://core:8090"), config.baseUrl());
    }

    @Test
    void emptyTokenIsRefusedAtStartUp(@TempDir Path dir) throws Exception {
        Path tok = Files.writeString(dir.resolve("bm-core.tok"), "\n");
        assertThrows(IllegalArgumentException.class, () -> CoreClientConfig.readToken(tok));
        assertThrows(IllegalArgumentException.class, () -> CoreClientConfig.of(URI.create("http://x"), " "));
    }
}
