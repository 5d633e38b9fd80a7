package net.bluemind.xmpp.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import net.bluemind.xmpp.spi.AuthRepositoryProvider;

/** The account and domain repositories on offer: the engine's own ({@code local}, {@code static}) and the plugins' ones. */
public final class AuthRepositories {

    private AuthRepositories() {
    }

    /** The plugin provider of that name, or null. */
    public static AuthRepositoryProvider provider(String name) {
        for (AuthRepositoryProvider p : ServiceLoader.load(AuthRepositoryProvider.class)) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** The plugin domain repository of that name, or null. */
    public static net.bluemind.xmpp.spi.VHostRepositoryProvider domains(String name) {
        for (net.bluemind.xmpp.spi.VHostRepositoryProvider p : ServiceLoader.load(net.bluemind.xmpp.spi.VHostRepositoryProvider.class)) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    public static List<String> domainRepositoryNames() {
        List<String> out = new ArrayList<>(List.of("static"));
        for (net.bluemind.xmpp.spi.VHostRepositoryProvider p : ServiceLoader.load(net.bluemind.xmpp.spi.VHostRepositoryProvider.class)) {
            out.add(p.name());
        }
        return out;
    }

    public static List<String> names() {
        List<String> out = new ArrayList<>(List.of("local"));
        for (AuthRepositoryProvider p : ServiceLoader.load(AuthRepositoryProvider.class)) {
            out.add(p.name());
        }
        return out;
    }

    /** The plugin archive of that name ({@code archive.type}), or null. */
    public static net.bluemind.xmpp.spi.MessageArchiveProvider archive(String name) {
        for (net.bluemind.xmpp.spi.MessageArchiveProvider p : ServiceLoader.load(net.bluemind.xmpp.spi.MessageArchiveProvider.class)) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** The plugin archives' names, each preceded by ", " (empty when there is none). */
    public static String archiveNames() {
        StringBuilder sb = new StringBuilder();
        for (net.bluemind.xmpp.spi.MessageArchiveProvider p : ServiceLoader.load(net.bluemind.xmpp.spi.MessageArchiveProvider.class)) {
            sb.append(", ").append(p.name());
        }
        return sb.toString();
    }
}
