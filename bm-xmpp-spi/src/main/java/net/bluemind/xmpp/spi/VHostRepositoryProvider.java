package net.bluemind.xmpp.spi;

import java.nio.file.Path;
import java.util.Map;

/**
 * Makes the {@link VHostRepository} for {@code domains.repository: <name>}; plugins register one with
 * {@link java.util.ServiceLoader}. The repository may close itself through {@link AutoCloseable}.
 */
public interface VHostRepositoryProvider {

    /** The value of {@code domains.repository} that selects this provider, e.g. "bluemind". */
    String name();

    /**
     * @param settings the {@code domains.settings} section, as written
     * @param stateDir the server's state folder, against which relative paths are resolved
     * @param sessions to end the sessions of accounts that lose their rights
     * @throws IllegalArgumentException with a message naming the setting, when a setting is wrong
     */
    VHostRepository create(Map<String, Object> settings, Path stateDir, SessionControl sessions);
}
