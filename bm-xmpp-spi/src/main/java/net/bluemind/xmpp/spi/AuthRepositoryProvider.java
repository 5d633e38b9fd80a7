package net.bluemind.xmpp.spi;

import java.nio.file.Path;
import java.util.Map;

/**
 * Makes an {@link AuthRepository} for {@code auth.repository: <name>}; plugins register one with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/net.bluemind.xmpp.spi.AuthRepositoryProvider}).
 */
public interface AuthRepositoryProvider {

    /** The value of {@code auth.repository} that selects this provider, e.g. "bluemind". */
    String name();

    /**
     * @param settings  the {@code auth.settings} section of the configuration, as written
     * @param stateDir  the server's state folder ({@code state-dir}), against which relative paths are resolved
     * @throws IllegalArgumentException with a message naming the setting, when a setting is wrong
     */
    AuthRepository create(Map<String, Object> settings, Path stateDir, VHostRepository vhosts);
}
