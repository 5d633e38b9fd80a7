package net.bluemind.xmpp.coreclient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** BlueMind's {@code /etc/bm/bm.ini}: its {@code host=} line names the core host. */
public final class BmIni {
    public static final Path DEFAULT_PATH = Path.of("/etc/bm/bm.ini");
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
                    String host = trimmed.substring(eq + 1).strip();
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
