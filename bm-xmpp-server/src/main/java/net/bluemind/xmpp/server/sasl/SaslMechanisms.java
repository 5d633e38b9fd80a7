package net.bluemind.xmpp.server.sasl;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import net.bluemind.xmpp.spi.AuthRepository;

/**
 * The mechanisms this server implements, intersected with what the repository can serve for a domain.
 *
 * <p>One instance per server: it holds the secret that makes unknown accounts look like real ones to
 * SCRAM, which must stay the same across exchanges.
 */
public final class SaslMechanisms {

    /** Everything implemented, strongest first: the order clients see in {@code <mechanisms/>}. */
    private static final List<String> IMPLEMENTED = List.of("SCRAM-SHA-256", "SCRAM-SHA-1", PlainMechanism.NAME);

    private final AuthRepository repo;
    private final SecureRandom random;
    private final byte[] unknownUserSecret;

    public SaslMechanisms(AuthRepository repo) {
        this(repo, new SecureRandom());
    }

    SaslMechanisms(AuthRepository repo, SecureRandom random) {
        this.repo = Objects.requireNonNull(repo, "repo");
        this.random = Objects.requireNonNull(random, "random");
        this.unknownUserSecret = new byte[32];
        random.nextBytes(unknownUserSecret);
    }

    /**
     * The mechanisms to advertise on a stream, strongest first.
     *
     * @param secure whether the stream is encrypted; none at all are offered before TLS, as this server
     *               never lets credentials or their verifiers' exchanges travel in clear
     */
    public List<String> offered(String domain, boolean secure) {
        if (!secure) {
            return List.of();
        }
        Set<String> served = repo.mechanisms(domain);
        if (served == null || served.isEmpty()) {
            return List.of();
        }
        Set<String> upper = new HashSet<>();
        for (String s : served) {
            if (s != null) {
                upper.add(s.toUpperCase(Locale.ROOT));
            }
        }
        List<String> result = new ArrayList<>(IMPLEMENTED.size());
        for (String name : IMPLEMENTED) {
            if (upper.contains(name)) {
                result.add(name);
            }
        }
        return List.copyOf(result);
    }

    /**
     * A new exchange for the mechanism a client picked, or null when that mechanism is not offered to this
     * connection (unknown, not served for the domain, or the connection is not yet encrypted).
     */
    public SaslMechanism create(String name, String domain, AuthRepository.ConnectionInfo connection) {
        return create(name, domain, connection, LoginGate.OPEN);
    }

    /** As {@link #create(String, String, AuthRepository.ConnectionInfo)}, the login going through {@code gate} first. */
    public SaslMechanism create(String name, String domain, AuthRepository.ConnectionInfo connection, LoginGate gate) {
        if (name == null || domain == null || connection == null) {
            return null;
        }
        if (!offered(domain, connection.secure()).contains(name)) {
            return null;
        }
        if (name.equals(PlainMechanism.NAME)) {
            return new PlainMechanism(repo, domain, connection, gate);
        }
        return new ScramMechanism(name, repo, domain, connection, gate, unknownUserSecret, random);
    }
}
