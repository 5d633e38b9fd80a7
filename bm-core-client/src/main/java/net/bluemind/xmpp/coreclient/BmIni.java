package net.bluemind.xmpp.coreclient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * BlueMind's {@code /etc/bm/bm.ini}: its {@code host=} line names the core host. The folder is {@code /etc/bm}
 * unless the system property {@value #CONF_DIR_PROPERTY} names another (the package's launcher sets it from
 * {@code BM_CONF_DIR}, so a test can use a throw-away folder).
 */
public final class BmIni {
    public static final String CONF_DIR_PROPERTY = "bm.conf.dir";
    public static final Path CONF_DIR = Path.of(System.getProperty(CONF_DIR_PROPERTY, "/etc/bm"));
    public static final Path DEFAULT_PATH = CONF_DIR.resolve("bm.ini");
    public static final String DEFAULT_HOST = "127.0.0.1";

    private BmIni() {
    }

    /** The {@code host=} value of {@code file}, or 127.0.0.1 when the file or the key is missing. */
    public static String coreHost(Path file) {
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                int eq = trimmed.indexOf('=');
                if (eq > 0 && trimmed.substring(0, eq).strip().equals("host")) {
                    // BlueMind's own readers drop double quotes ({@code host = "10.0.0.1"}).
                    String host = trimmed.substring(eq + 1).replace("\"", "").strip();
                    if (!host.isEmpty()) {
                        return host;
                    }
                }
            }
            return DEFAULT_HOST;
        } catch (NoSuchFileException e) {
            return DEFAULT_HOST;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
