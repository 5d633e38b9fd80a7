package net.bluemind.xmpp.server.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The whole configuration file ({@code bm-xmpp.yaml}), typed. Every section has defaults, so an
 * empty file is a valid (if useless) configuration; {@link ConfigLoader} validates and names the key
 * of any error.
 *
 * @param stateDir  where the server keeps state: generated certificates, databases
 * @param listeners the sockets to listen on
 * @param tls       certificates and protocol versions
 * @param domains   which domains are served
 * @param auth      who may log in
 * @param limits    protection against abusive or broken clients
 * @param admins    bare JIDs of server administrators
 * @param server    engine tuning
 * @param storage   where rosters, offline messages and other user data are kept
 * @param plugins   each plugin processor provider's own settings, by provider name (see ProcessorProvider)
 * @param archive   the conversation archive (XEP-0313)
 * @param s2s       federation with other servers
 */
public record ServerConfig(
        Path stateDir,
        List<ListenerConfig> listeners,
        TlsConfig tls,
        DomainsConfig domains,
        AuthConfig auth,
        LimitsConfig limits,
        List<String> admins,
        EngineConfig server,
        StorageConfig storage,
        java.util.Map<String, java.util.Map<String, Object>> plugins,
        ArchiveConfig archive,
        S2sConfig s2s) {

    public ServerConfig {
        stateDir = stateDir == null ? Path.of("/var/lib/bm-xmpp") : stateDir;
        listeners = listeners == null ? List.of(ListenerConfig.defaultStartTls(), ListenerConfig.defaultDirectTls()) : List.copyOf(listeners);
        tls = tls == null ? new TlsConfig(null, null, null) : tls;
        domains = domains == null ? new DomainsConfig(null, null) : domains;
        auth = auth == null ? new AuthConfig(null, null, null, null) : auth;
        limits = limits == null ? LimitsConfig.defaults() : limits;
        admins = admins == null ? List.of() : List.copyOf(admins);
        server = server == null ? new EngineConfig(null, null, null, null) : server;
        storage = storage == null ? StorageConfig.defaults() : storage;
        plugins = plugins == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(plugins));
        archive = archive == null ? ArchiveConfig.defaults() : archive;
        s2s = s2s == null ? S2sConfig.disabled() : s2s;
    }

    /** Without federation settings (the shape before federation existed): federation off. */
    public ServerConfig(Path stateDir, List<ListenerConfig> listeners, TlsConfig tls, DomainsConfig domains, AuthConfig auth,
                        LimitsConfig limits, List<String> admins, EngineConfig server, StorageConfig storage,
                        java.util.Map<String, java.util.Map<String, Object>> plugins, ArchiveConfig archive) {
        this(stateDir, listeners, tls, domains, auth, limits, admins, server, storage, plugins, archive, null);
    }

    /** Without an archive section (the shape before the archive existed): the default archive. */
    public ServerConfig(Path stateDir, List<ListenerConfig> listeners, TlsConfig tls, DomainsConfig domains, AuthConfig auth,
                        LimitsConfig limits, List<String> admins, EngineConfig server, StorageConfig storage,
                        java.util.Map<String, java.util.Map<String, Object>> plugins) {
        this(stateDir, listeners, tls, domains, auth, limits, admins, server, storage, plugins, null, null);
    }

    /** Without plugin settings (the shape before plugins existed). */
    public ServerConfig(Path stateDir, List<ListenerConfig> listeners, TlsConfig tls, DomainsConfig domains, AuthConfig auth,
                        LimitsConfig limits, List<String> admins, EngineConfig server, StorageConfig storage) {
        this(stateDir, listeners, tls, domains, auth, limits, admins, server, storage, null);
    }

    /** The {@code plugins.<name>} section, empty when absent. */
    public java.util.Map<String, Object> pluginSettings(String name) {
        java.util.Map<String, Object> s = plugins.get(name);
        return s == null ? java.util.Map.of() : s;
    }

    public ServerConfig withPlugins(java.util.Map<String, java.util.Map<String, Object>> newPlugins) {
        return new ServerConfig(stateDir, listeners, tls, domains, auth, limits, admins, server, storage, newPlugins, archive, s2s);
    }

    /** A copy with other listeners (tests bind port 0). */
    public ServerConfig withListeners(List<ListenerConfig> newListeners) {
        return new ServerConfig(stateDir, newListeners, tls, domains, auth, limits, admins, server, storage, plugins, archive, s2s);
    }

    public ServerConfig withStateDir(Path dir) {
        return new ServerConfig(dir, listeners, tls, domains, auth, limits, admins, server, storage, plugins, archive, s2s);
    }

    public ServerConfig withAuth(AuthConfig newAuth) {
        return new ServerConfig(stateDir, listeners, tls, domains, newAuth, limits, admins, server, storage, plugins, archive, s2s);
    }

    public ServerConfig withDomains(DomainsConfig newDomains) {
        return new ServerConfig(stateDir, listeners, tls, newDomains, auth, limits, admins, server, storage, plugins, archive, s2s);
    }

    public ServerConfig withStorage(StorageConfig newStorage) {
        return new ServerConfig(stateDir, listeners, tls, domains, auth, limits, admins, server, newStorage, plugins, archive, s2s);
    }

    public ServerConfig withServer(EngineConfig newServer) {
        return new ServerConfig(stateDir, listeners, tls, domains, auth, limits, admins, newServer, storage, plugins, archive, s2s);
    }

    public ServerConfig withLimits(LimitsConfig newLimits) {
        return new ServerConfig(stateDir, listeners, tls, domains, auth, newLimits, admins, server, storage, plugins, archive, s2s);
    }

    public ServerConfig withArchive(ArchiveConfig newArchive) {
        return new ServerConfig(stateDir, listeners, tls, domains, auth, limits, admins, server, storage, plugins, newArchive, s2s);
    }

    public ServerConfig withS2s(S2sConfig newS2s) {
        return new ServerConfig(stateDir, listeners, tls, domains, auth, limits, admins, server, storage, plugins, archive, newS2s);
    }

    public ServerConfig withTls(TlsConfig newTls) {
        return new ServerConfig(stateDir, listeners, newTls, domains, auth, limits, admins, server, storage, plugins, archive, s2s);
    }
}
