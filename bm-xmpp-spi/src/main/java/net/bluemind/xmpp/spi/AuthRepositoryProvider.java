package net.bluemind.xmpp.spi;

/**
 * Makes an {@link AuthRepository} for {@code auth.repository: <name>}; plugins register one with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/net.bluemind.xmpp.spi.AuthRepositoryProvider}).
 */
public interface AuthRepositoryProvider {

    /** The value of {@code auth.repository} that selects this provider, e.g. "bluemind". */
    String name();

    /**
     * @param context its {@link PluginContext#settings()} are the {@code auth.settings} section
     * @throws IllegalArgumentException with a message naming the setting, when a setting is wrong
     */
    AuthRepository create(PluginContext context);
}
