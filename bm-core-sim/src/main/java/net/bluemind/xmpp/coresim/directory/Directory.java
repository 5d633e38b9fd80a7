package net.bluemind.xmpp.coresim.directory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The simulated bm-core's whole state: servers, domains, users and live sessions. Every access goes through
 * this object's monitor, so that a REST answer never sees half of an admin-console change.
 */
public final class Directory {
    public static final String GLOBAL_DOMAIN = "global.virt";

    private final Clock clock;
    private final String adminToken;
    private final AtomicLong internalIds = new AtomicLong();
    private final Map<String, SimServer> servers = new LinkedHashMap<>();
    private final Map<String, SimDomain> domains = new LinkedHashMap<>();
    private final Map<String, SimUser> users = new LinkedHashMap<>();
    private final Map<String, String> sessions = new LinkedHashMap<>();
    /** Ranges of users computed on demand; a stored user (fixture, /sim/, or a changed generated one) wins. */
    private final List<GeneratedUsers> generated = new ArrayList<>();
    /** Keys ({@code domainUid/uid}) of generated users deleted through /sim/. */
    private final Set<String> deletedGenerated = new HashSet<>();

    public Directory(Clock clock, String adminToken) {
        this.clock = clock;
        this.adminToken = adminToken;
        domains.put(GLOBAL_DOMAIN, new SimDomain(newMeta(), GLOBAL_DOMAIN, GLOBAL_DOMAIN, GLOBAL_DOMAIN,
                "BlueMind's internal domain", true, List.of(), GLOBAL_DOMAIN, Map.of(), null));
    }

    /** Runs {@code reader} under the directory's lock, so it sees a consistent state. */
    public synchronized <T> T read(Function<Directory, T> reader) {
        return reader.apply(this);
    }

    // ---- tokens and sessions

    /** True for the admin token, a live session id or a user's API key. */
    public synchronized boolean acceptsToken(String token) {
        if (token == null || token.isEmpty()) {
            return false;
        }
        return token.equals(adminToken) || sessions.containsKey(token)
                || users.values().stream().anyMatch(u -> u.ownsApiKey(token));
    }

    public synchronized Validation validate(String login, String secret) {
        SimUser user = resolveLogin(login).orElse(null);
        if (user == null || secret == null) {
            return Validation.NONE;
        }
        boolean password = user.passwordMatches(secret);
        boolean token = !password && (user.ownsApiKey(secret) || key(user).equals(sessions.get(secret)));
        if (!password && !token) {
            return Validation.NONE;
        }
        if (user.archived) {
            return Validation.ARCHIVED;
        }
        if (password && user.passwordExpired) {
            return Validation.PASSWORDEXPIRED;
        }
        return password ? Validation.PASSWORD : Validation.TOKEN;
    }

    /** Opens a session for {@code user} (whose password was checked) and returns its key. */
    public synchronized String openSession(SimUser user) {
        String authKey = UUID.randomUUID().toString();
        sessions.put(authKey, key(user));
        return authKey;
    }

    /** Closes the session {@code authKey}; false when it was not live. */
    public synchronized boolean closeSession(String authKey) {
        return sessions.remove(authKey) != null;
    }

    /** A login as BlueMind takes it: {@code local@domain-or-alias} (login or any address), or a bare login. */
    public synchronized Optional<SimUser> resolveLogin(String login) {
        if (login == null || login.isBlank()) {
            return Optional.empty();
        }
        int at = login.lastIndexOf('@');
        if (at < 0) {
            List<SimUser> matches = new ArrayList<>(
                    users.values().stream().filter(u -> u.login.equalsIgnoreCase(login)).toList());
            for (SimDomain domain : domains.values()) {
                generatedByLogin(domain.uid, login).ifPresent(matches::add);
            }
            return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
        }
        Optional<SimDomain> domain = lookupDomain(login.substring(at + 1));
        if (domain.isEmpty()) {
            return Optional.empty();
        }
        String local = login.substring(0, at);
        return userByEmail(domain.get().uid, login)
                .or(() -> userByLogin(domain.get().uid, local));
    }

    // ---- reads

    public synchronized List<SimDomain> domains() {
        return List.copyOf(domains.values());
    }

    public synchronized Optional<SimDomain> domain(String uid) {
        return Optional.ofNullable(domains.get(uid));
    }

    public synchronized SimDomain requireDomain(String uid) {
        return domain(uid).orElseThrow(() -> new NotFoundException("domain " + uid + " not found"));
    }

    public synchronized Optional<SimDomain> lookupDomain(String nameOrAlias) {
        return domains.values().stream().filter(d -> !d.global && d.answersTo(nameOrAlias)).findFirst();
    }

    public synchronized Optional<SimServer> server(String uid) {
        return Optional.ofNullable(servers.get(uid));
    }

    public synchronized Optional<SimUser> user(String domainUid, String uid) {
        return Optional.ofNullable(users.get(domainUid + '/' + uid)).or(() -> generatedByLogin(domainUid, uid));
    }

    public synchronized SimUser requireUser(String domainUid, String uid) {
        requireDomain(domainUid);
        return user(domainUid, uid).orElseThrow(() -> new NotFoundException("user " + uid + "@" + domainUid + " not found"));
    }

    public synchronized Optional<SimUser> userByLogin(String domainUid, String login) {
        return storedByLogin(domainUid, login).or(() -> generatedByLogin(domainUid, login));
    }

    /** Any address of the user matches, in the domain's name or any of its aliases (BlueMind's allAliases). */
    public synchronized Optional<SimUser> userByEmail(String domainUid, String email) {
        SimDomain domain = domains.get(domainUid);
        int at = email.lastIndexOf('@');
        if (domain == null || at < 0 || !domain.answersTo(email.substring(at + 1))) {
            return Optional.empty();
        }
        String local = email.substring(0, at);
        return usersOf(domainUid).stream()
                .filter(u -> u.emails.stream().anyMatch(e -> localPart(e).equalsIgnoreCase(local)))
                .findFirst()
                .or(() -> generatedByLogin(domainUid, local));
    }

    /** The stored users of the domain; the users of {@link #addGenerated generated ranges} are not listed. */
    public synchronized List<SimUser> usersOf(String domainUid) {
        return users.values().stream().filter(u -> u.domainUid.equals(domainUid)).toList();
    }

    // ---- generated users

    /**
     * Declares users {@code <prefix>1} .. {@code <prefix><count>} in {@code domainUid}, all with {@code password}
     * and {@code roles}, computed when looked up (see docs/bm-core-sim.md, "Generated users").
     */
    public synchronized void addGenerated(String domainUid, String prefix, int count, String password,
                                          List<String> roles) {
        requireDomain(domainUid);
        if (prefix == null || prefix.isEmpty()) {
            throw new IllegalArgumentException("a generated range needs a prefix");
        }
        if (count < 0) {
            throw new IllegalArgumentException("negative count " + count + " for generated users " + prefix);
        }
        long first = internalIds.get() + 1;
        internalIds.addAndGet(count);
        generated.add(new GeneratedUsers(domainUid, prefix, count, password, roles, first, clock.millis()));
    }

    /** The generated user {@code login} of the domain, unless a stored user has that login or it was deleted. */
    private Optional<SimUser> generatedByLogin(String domainUid, String login) {
        SimDomain domain = domains.get(domainUid);
        if (domain == null || login == null) {
            return Optional.empty();
        }
        for (GeneratedUsers range : generated) {
            if (!range.domainUid.equals(domainUid)) {
                continue;
            }
            OptionalInt n = range.number(login);
            if (n.isPresent()) {
                String canonical = range.prefix + n.getAsInt();
                if (deletedGenerated.contains(domainUid + '/' + canonical)
                        || users.containsKey(domainUid + '/' + canonical)
                        || storedByLogin(domainUid, canonical).isPresent()) {
                    return Optional.empty();
                }
                return Optional.of(range.user(n.getAsInt(), domain));
            }
        }
        return Optional.empty();
    }

    private Optional<SimUser> storedByLogin(String domainUid, String login) {
        return usersOf(domainUid).stream().filter(u -> u.login.equalsIgnoreCase(login)).findFirst();
    }

    /**
     * The stored user {@code login}, for a change: a generated user is stored from then on (keeping its ids), so
     * that the change lasts.
     */
    private SimUser requireStoredUser(String domainUid, String login) {
        SimUser user = requireUserByLogin(domainUid, login);
        users.putIfAbsent(key(user), user);
        return users.get(key(user));
    }

    private boolean isGenerated(String domainUid, String login) {
        return generated.stream().anyMatch(r -> r.domainUid.equals(domainUid) && r.number(login).isPresent());
    }

    // ---- changes, as the admin console makes them

    public synchronized SimServer putServer(String uid, String name, String fqdn, String ip, List<String> tags) {
        SimServer server = new SimServer(newMeta(), uid, name == null ? uid : name, fqdn, ip, tags);
        servers.put(uid, server);
        return server;
    }

    public synchronized SimServer setServerTags(String uid, List<String> tags) {
        SimServer server = server(uid).orElseThrow(() -> new NotFoundException("server " + uid + " not found"));
        server.tags.clear();
        server.tags.addAll(tags);
        server.meta.touch(clock.millis());
        return server;
    }

    /** Domains assigned to {@code serverUid}, by uid. */
    public synchronized List<String> domainsAssignedTo(String serverUid) {
        return domains.values().stream().filter(d -> serverUid.equals(d.xmppServer)).map(d -> d.uid).toList();
    }

    public synchronized SimDomain createDomain(String uid, String name, String label, String description,
                                               List<String> aliases, String defaultAlias,
                                               Map<String, String> settings, String xmppServer) {
        if (domains.containsKey(uid) || lookupDomain(name).isPresent()) {
            throw new IllegalStateException("domain " + uid + " (" + name + ") already exists");
        }
        SimDomain domain = new SimDomain(newMeta(), uid, name, label == null ? name : label, description, false,
                aliases, defaultAlias == null ? name : defaultAlias, settings, xmppServer);
        domains.put(uid, domain);
        return domain;
    }

    public synchronized SimDomain deleteDomain(String uid) {
        SimDomain domain = requireDomain(uid);
        if (domain.global) {
            throw new IllegalArgumentException("the global domain cannot be deleted");
        }
        domains.remove(uid);
        users.values().removeIf(u -> u.domainUid.equals(uid));
        generated.removeIf(r -> r.domainUid.equals(uid));
        deletedGenerated.removeIf(k -> k.startsWith(uid + '/'));
        return domain;
    }

    public synchronized SimDomain setAliases(String uid, List<String> aliases) {
        SimDomain domain = requireDomain(uid);
        domain.aliases.clear();
        domain.aliases.addAll(aliases);
        domain.meta.touch(clock.millis());
        return domain;
    }

    public synchronized SimDomain putSettings(String uid, Map<String, String> settings) {
        SimDomain domain = requireDomain(uid);
        domain.settings.putAll(settings);
        domain.meta.touch(clock.millis());
        return domain;
    }

    /** Assigns the domain's XMPP server; null unassigns it. */
    public synchronized SimDomain assignXmppServer(String uid, String serverUid) {
        SimDomain domain = requireDomain(uid);
        if (serverUid != null && !servers.containsKey(serverUid)) {
            throw new NotFoundException("server " + serverUid + " not found");
        }
        domain.xmppServer = serverUid;
        domain.meta.touch(clock.millis());
        return domain;
    }

    public synchronized SimUser createUser(NewUser spec) {
        SimDomain domain = requireDomain(spec.domainUid());
        String uid = spec.uid() == null ? spec.login() : spec.uid();
        if (users.containsKey(domain.uid + '/' + uid) || userByLogin(domain.uid, spec.login()).isPresent()) {
            throw new IllegalStateException("user " + spec.login() + "@" + domain.name + " already exists");
        }
        List<String> emails = spec.emails().isEmpty() ? List.of(spec.login() + '@' + domain.name) : spec.emails();
        String displayName = spec.displayName() == null ? spec.login() : spec.displayName();
        SimUser user = new SimUser(newMeta(), uid, domain.uid, spec.login(), spec.password(), displayName, emails,
                spec.roles(), spec.archived(), spec.passwordExpired(), spec.apiKeys(),
                VCards.individual(displayName, spec.title(), spec.phone(), emails, spec.photo() != null),
                spec.photo(), spec.settings());
        users.put(domain.uid + '/' + uid, user);
        deletedGenerated.remove(domain.uid + '/' + spec.login());
        return user;
    }

    public synchronized SimUser deleteUser(String domainUid, String login) {
        SimUser user = requireUserByLogin(domainUid, login);
        users.remove(domainUid + '/' + user.uid);
        if (isGenerated(domainUid, user.login)) {
            deletedGenerated.add(domainUid + '/' + user.login);
        }
        sessions.values().removeIf(key(user)::equals);
        return user;
    }

    public synchronized SimUser setRoles(String domainUid, String login, List<String> roles) {
        SimUser user = requireStoredUser(domainUid, login);
        user.roles = new ArrayList<>(roles);
        user.meta.touch(clock.millis());
        return user;
    }

    public synchronized SimUser setPhoto(String domainUid, String login, byte[] png) {
        SimUser user = requireStoredUser(domainUid, login);
        user.photo = png;
        VCards.markPhoto(user.card, png != null);
        user.meta.touch(clock.millis());
        return user;
    }

    public synchronized SimUser setCard(String domainUid, String login, ObjectNode card) {
        SimUser user = requireStoredUser(domainUid, login);
        user.card = card.deepCopy();
        VCards.markPhoto(user.card, user.photo != null);
        user.meta.touch(clock.millis());
        return user;
    }

    public synchronized SimUser setArchived(String domainUid, String login, boolean archived) {
        SimUser user = requireStoredUser(domainUid, login);
        user.archived = archived;
        user.meta.touch(clock.millis());
        return user;
    }

    public synchronized SimUser requireUserByLogin(String domainUid, String login) {
        requireDomain(domainUid);
        return userByLogin(domainUid, login)
                .orElseThrow(() -> new NotFoundException("user " + login + " not found in " + domainUid));
    }

    private ItemMeta newMeta() {
        return new ItemMeta(internalIds.incrementAndGet(), clock.millis());
    }

    private static String key(SimUser user) {
        return user.domainUid + '/' + user.uid;
    }

    private static String localPart(String email) {
        int at = email.lastIndexOf('@');
        return at < 0 ? email : email.substring(0, at);
    }
}
