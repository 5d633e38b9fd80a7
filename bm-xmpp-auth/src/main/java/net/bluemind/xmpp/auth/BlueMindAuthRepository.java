package net.bluemind.xmpp.auth;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.bluemind.xmpp.coreclient.CoreClient;
import net.bluemind.xmpp.coreclient.CoreClientConfig;
import net.bluemind.xmpp.coreclient.CoreNotFoundException;
import net.bluemind.xmpp.coreclient.CorePermissionException;
import net.bluemind.xmpp.coreclient.model.Domain;
import net.bluemind.xmpp.coreclient.model.ItemValue;
import net.bluemind.xmpp.coreclient.model.User;
import net.bluemind.xmpp.coreclient.model.ValidationResult;
import net.bluemind.xmpp.spi.AuthRepository;
import net.bluemind.xmpp.spi.AuthResult;
import net.bluemind.xmpp.spi.AuthResult.Failure;
import net.bluemind.xmpp.spi.PluginContext;

/**
 * Logins checked by BlueMind's core: the password (or a session id, or an API key) by
 * {@code auth/validate}, the bare JID is the user's default email, and chatting needs the {@code hasIM}
 * role or the domain's {@code im_public_auth}.
 *
 * <p>Only PLAIN is offered: bm-core keeps no SCRAM verifier. User, role, domain and settings lookups are
 * reused for {@link BlueMindAuthConfig#cacheTtl()}; passwords are checked by bm-core every time.
 */
public final class BlueMindAuthRepository implements AuthRepository {

    public static final String IM_ROLE = "hasIM";
    public static final String PUBLIC_AUTH_SETTING = "im_public_auth";
    private static final Logger log = LoggerFactory.getLogger(BlueMindAuthRepository.class);
    private static final Set<String> MECHANISMS = Set.of("PLAIN");

    private final CoreClient core;
    private final BlueMindAuthConfig config;
    private final LookupCache<String, Optional<ItemValue<Domain>>> domains;
    private final LookupCache<String, Optional<ItemValue<User>>> users;
    private final LookupCache<String, Set<String>> roles;
    private final LookupCache<String, Map<String, String>> settings;

    public BlueMindAuthRepository(CoreClient core, BlueMindAuthConfig config) {
        this.core = core;
        this.config = config;
        Clock clock = Clock.systemUTC();
        this.domains = new LookupCache<>(config.cacheTtl(), config.cacheSize(), clock);
        this.users = new LookupCache<>(config.cacheTtl(), config.cacheSize(), clock);
        this.roles = new LookupCache<>(config.cacheTtl(), config.cacheSize(), clock);
        this.settings = new LookupCache<>(config.cacheTtl(), config.cacheSize(), clock);
    }

    /** A repository with its own client, reading the token file now. */
    public static BlueMindAuthRepository create(BlueMindAuthConfig config) {
        return new BlueMindAuthRepository(new CoreClient(config.clientConfig()), config);
    }

    /** A repository on the bm-core client the plugins share when their settings agree, reading the token file now. */
    public static BlueMindAuthRepository create(BlueMindAuthConfig config, PluginContext context) {
        CoreClientConfig client = config.clientConfig();
        return new BlueMindAuthRepository(context.shared(client, CoreClient.class, () -> new CoreClient(client)), config);
    }

    /** The bm-core client it asks (the one the plugins share, when made with a plugin context). */
    CoreClient core() {
        return core;
    }

    @Override
    public Set<String> mechanisms(String domain) {
        return MECHANISMS;
    }

    @Override
    public CompletionStage<AuthResult> verifyPassword(String domain, String username, String password,
                                                      ConnectionInfo connection) {
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            return CompletableFuture.completedFuture(AuthResult.failure(Failure.NOT_AUTHORIZED, "empty credentials"));
        }
        LoginName login = LoginName.parse(username, domain);
        return bounded(() -> check(domain, login, password))
                .exceptionally(failure -> refusalOrTemporary(failure, login));
    }

    /**
     * The user's default email for any of its logins or addresses, without checking a password: the same
     * cached domain and user lookups as a login, so a failed login costs no extra call to bm-core.
     */
    @Override
    public CompletionStage<Optional<String>> account(String domain, String username) {
        if (username == null || username.isBlank()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        LoginName login = LoginName.parse(username, domain);
        return bounded(() -> servedDomain(login).thenCompose(d -> d.isEmpty()
                        ? CompletableFuture.completedFuture(Optional.<ItemValue<User>>empty()) : user(d.get(), login)))
                .thenApply(user -> user.flatMap(u -> u.value().defaultEmail()).map(e -> e.toLowerCase(Locale.ROOT)))
                .whenComplete((account, failure) -> {
                    if (failure != null) {
                        logUnavailable(unwrap(failure), login);
                    }
                });
    }

    @Override
    public CompletionStage<Boolean> userExists(String bareJid) {
        if (bareJid == null || bareJid.indexOf('@') <= 0) {
            return CompletableFuture.completedFuture(false);
        }
        LoginName address = LoginName.parse(bareJid, null);
        return bounded(() -> domain(address.domain())
                .thenCompose(d -> d.isEmpty() ? CompletableFuture.completedFuture(Optional.<ItemValue<User>>empty())
                        : user(d.get(), address))
                .thenApply(u -> u.isPresent() && !u.get().value().archived()));
    }

    /** The BlueMind domain a login names, by name or alias; never the internal global one. */
    private CompletableFuture<Optional<ItemValue<Domain>>> servedDomain(LoginName login) {
        return domain(login.domain()).thenApply(found -> found.filter(d -> !d.value().global()));
    }

    private CompletableFuture<AuthResult> check(String streamDomain, LoginName login, String password) {
        return servedDomain(login).thenCompose(found -> {
            ItemValue<Domain> domain = found.orElseThrow(() -> Refusal.of(Failure.NOT_AUTHORIZED, "unknown domain " + login.domain()));
            if (domain.value().allNames().stream().noneMatch(n -> n.equalsIgnoreCase(streamDomain))) {
                throw Refusal.of(Failure.NOT_AUTHORIZED, login.domain() + " is not the stream's domain " + streamDomain);
            }
            return user(domain, login).thenCompose(user -> {
                ItemValue<User> u = user.orElseThrow(() -> Refusal.of(Failure.NOT_AUTHORIZED, "unknown account"));
                return core.validate(u.value().login() + '@' + domain.value().name(), password)
                        .thenCompose(validation -> {
                            requireAccepted(validation);
                            return imRight(domain, u);
                        });
            });
        });
    }

    private static void requireAccepted(ValidationResult validation) {
        switch (validation) {
            case PASSWORD, TOKEN -> {
            }
            case PASSWORDEXPIRED -> throw Refusal.of(Failure.CREDENTIALS_EXPIRED, "password expired");
            case ARCHIVED -> throw Refusal.of(Failure.ACCOUNT_DISABLED, "archived account");
            case NONE -> throw Refusal.of(Failure.NOT_AUTHORIZED, "wrong password or token");
        }
    }

    /** The user's bare JID when the user may chat: the {@code hasIM} role, or a domain open to every user. */
    private CompletableFuture<AuthResult> imRight(ItemValue<Domain> domain, ItemValue<User> user) {
        String jid = user.value().defaultEmail().map(e -> e.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> Refusal.of(Failure.NOT_AUTHORIZED, "account without a default email"));
        return roles.get(domain.uid() + '/' + user.uid(), k -> core.rolesResolved(domain.uid(), user.uid()))
                .thenCompose(granted -> granted.contains(IM_ROLE) ? CompletableFuture.completedFuture(true)
                        : settings.get(domain.uid(), core::domainSettings)
                                .thenApply(s -> "true".equalsIgnoreCase(s.get(PUBLIC_AUTH_SETTING))))
                .thenApply(allowed -> {
                    if (!allowed) {
                        log.info("login refused for {}: the user lacks the {} (instant messaging) role", jid, IM_ROLE);
                        return AuthResult.failure(Failure.NOT_AUTHORIZED, "missing the " + IM_ROLE + " role");
                    }
                    return AuthResult.success(jid);
                });
    }

    private CompletableFuture<Optional<ItemValue<Domain>>> domain(String nameOrAlias) {
        return domains.get(nameOrAlias, name -> optional(core.lookupDomain(name)));
    }

    /** The user a login names: by address first when it has one, by login otherwise, each falling back on the other. */
    private CompletableFuture<Optional<ItemValue<User>>> user(ItemValue<Domain> domain, LoginName login) {
        String uid = domain.uid();
        String address = login.local() + '@' + (login.explicitDomain() ? login.domain() : domain.value().name());
        Supplier<CompletableFuture<Optional<ItemValue<User>>>> byEmail =
                () -> users.get(uid + "/email/" + address, k -> optional(core.userByEmail(uid, address)));
        Supplier<CompletableFuture<Optional<ItemValue<User>>>> byLogin =
                () -> users.get(uid + "/login/" + login.local(), k -> optional(core.userByLogin(uid, login.local())));
        Supplier<CompletableFuture<Optional<ItemValue<User>>>> first = login.explicitDomain() ? byEmail : byLogin;
        Supplier<CompletableFuture<Optional<ItemValue<User>>>> second = login.explicitDomain() ? byLogin : byEmail;
        return first.get().thenCompose(u -> u.isPresent() ? CompletableFuture.completedFuture(u) : second.get());
    }

    private <T> CompletableFuture<T> bounded(Supplier<CompletableFuture<T>> work) {
        CompletableFuture<T> started;
        try {
            started = work.get();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        return started.toCompletableFuture().copy()
                .orTimeout(config.authTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static AuthResult refusalOrTemporary(Throwable failure, LoginName login) {
        Throwable cause = unwrap(failure);
        if (cause instanceof Refusal r) {
            log.debug("login refused for {}: {}", login, r.result.reason());
            return r.result;
        }
        return AuthResult.failure(Failure.TEMPORARY_AUTH_FAILURE, "bm-core unavailable: " + logUnavailable(cause, login));
    }

    /** Logs why bm-core could not answer for a login; returns that reason. */
    private static String logUnavailable(Throwable cause, LoginName login) {
        String why = cause instanceof TimeoutException ? "no answer from bm-core in time" : cause.toString();
        if (cause instanceof CorePermissionException) {
            log.warn("bm-core refused bm-xmpp's admin token while checking {}: {}", login, why);
        } else {
            log.warn("login of {} not checked, bm-core unavailable: {}", login, why);
        }
        return why;
    }

    private static <T> CompletableFuture<Optional<T>> optional(CompletableFuture<T> lookup) {
        return lookup.handle((value, failure) -> {
            if (failure == null) {
                return Optional.ofNullable(value);
            }
            Throwable cause = unwrap(failure);
            if (cause instanceof CoreNotFoundException) {
                return Optional.empty();
            }
            throw cause instanceof RuntimeException rt ? rt : new CompletionException(cause);
        });
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** A login refused for a reason known in advance: carried down the chain without a stack trace. */
    private static final class Refusal extends RuntimeException {
        private final AuthResult result;

        private Refusal(AuthResult result) {
            super(result.reason(), null, false, false);
            this.result = result;
        }

        static Refusal of(Failure failure, String reason) {
            return new Refusal(AuthResult.failure(failure, reason));
        }
    }
}
