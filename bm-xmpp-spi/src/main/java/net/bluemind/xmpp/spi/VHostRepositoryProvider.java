package net.bluemind.xmpp.spi;

/**
 * Makes the {@link VHostRepository} for {@code domains.repository: <name>}; plugins register one with
 * {@link java.util.ServiceLoader}. The repository may close itself through {@link AutoCloseable}.
 */
public interface VHostRepositoryProvider {

    /** The value of {@code domains.repository} that selects this provider, e.g. "bluemind". */
    String name();

    /**
     * @param context its {@link PluginContext#settings()} are the {@code domains.settings} section; it has no
     *                {@link PluginContext#vhosts()} (this provider makes them)
     * @throws IllegalArgumentException with a message naming the setting, when a setting is wrong
     */
    VHostRepository create(PluginContext context);
}
