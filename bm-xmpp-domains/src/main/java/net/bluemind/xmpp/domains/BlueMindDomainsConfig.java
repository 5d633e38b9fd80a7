package net.bluemind.xmpp.domains;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import net.bluemind.xmpp.coreclient.BmIni;
import net.bluemind.xmpp.coreclient.BmMq;
import net.bluemind.xmpp.coreclient.CoreClientConfig;

/**
 * How {@link BlueMindVHostRepository} reaches bm-core and bm-mq, and which server it is.
 *
 * @param coreUrl        bm-core's base URL ({@code http://host:8090})
 * @param tokenFile      the one-line admin API key file
 * @param serverUid      this server's uid in BlueMind, or null to match by {@code serverFqdn}
 * @param serverFqdn     this server's fqdn, matched against the assigned server's; null when {@code serverUid} is set
 * @param amqpUri        the RabbitMQ carrying bm-mq
 * @param resync         the safety-net period of the full resync from bm-core
 * @param startWait      how long start-up waits for bm-core before serving nothing (and retrying)
 * @param connectTimeout TCP connect limit of one call (REST and AMQP)
 * @param readTimeout    answer limit of one REST call
 */
public record BlueMindDomainsConfig(URI coreUrl, Path tokenFile, String serverUid, String serverFqdn, URI amqpUri,
                                    Duration resync, Duration startWait, Duration connectTimeout, Duration readTimeout) {

    public static final URI DEFAULT_AMQP = BmMq.DEFAULT_URI;
    public static final Duration DEFAULT_RESYNC = Duration.ofSeconds(60);
    public static final Duration DEFAULT_START_WAIT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);

    public BlueMindDomainsConfig {
        Objects.requireNonNull(coreUrl, "coreUrl");
        Objects.requireNonNull(tokenFile, "tokenFile");
        Objects.requireNonNull(amqpUri, "amqpUri");
        if (serverUid == null && serverFqdn == null) {
            throw new IllegalArgumentException("one of server-uid and server-fqdn is needed");
        }
        requirePositive(resync, "resync");
        requirePositive(startWait, "startWait");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
    }

    /** A BlueMind host's settings: core of {@code /etc/bm/bm.ini}, token {@code /etc/bm/bm-core.tok}, the host's fqdn. */
    public static BlueMindDomainsConfig fromBlueMindHost() {
        URI core = URI.create("http://" + BmIni.coreHost(BmIni.DEFAULT_PATH) + ":" + CoreClientConfig.CORE_PORT);
        return of(core, CoreClientConfig.DEFAULT_TOKEN_FILE, null, hostFqdn());
    }

    public static BlueMindDomainsConfig of(URI coreUrl, Path tokenFile, String serverUid, String serverFqdn) {
        return new BlueMindDomainsConfig(coreUrl, tokenFile, serverUid, serverFqdn, DEFAULT_AMQP, DEFAULT_RESYNC,
                DEFAULT_START_WAIT, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    public BlueMindDomainsConfig withAmqp(URI uri) {
        return new BlueMindDomainsConfig(coreUrl, tokenFile, serverUid, serverFqdn, uri, resync, startWait, connectTimeout, readTimeout);
    }

    public BlueMindDomainsConfig withPeriods(Duration resyncEvery, Duration waitAtStart) {
        return new BlueMindDomainsConfig(coreUrl, tokenFile, serverUid, serverFqdn, amqpUri, resyncEvery, waitAtStart, connectTimeout, readTimeout);
    }

    public BlueMindDomainsConfig withTimeouts(Duration connect, Duration read) {
        return new BlueMindDomainsConfig(coreUrl, tokenFile, serverUid, serverFqdn, amqpUri, resync, startWait, connect, read);
    }

    /** How this server is named in logs and in its bm-mq queue. */
    public String serverName() {
        return serverUid != null ? serverUid : serverFqdn;
    }

    /** The client settings, reading the token file now. */
    public CoreClientConfig clientConfig() {
        return CoreClientConfig.of(coreUrl, CoreClientConfig.readToken(tokenFile)).withTimeouts(connectTimeout, readTimeout);
    }

    static String hostFqdn() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
