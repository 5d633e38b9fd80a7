package net.bluemind.xmpp.coreclient;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;

import net.bluemind.xmpp.coreclient.model.Assignment;
import net.bluemind.xmpp.coreclient.model.Domain;
import net.bluemind.xmpp.coreclient.model.ItemValue;
import net.bluemind.xmpp.coreclient.model.LoginResponse;
import net.bluemind.xmpp.coreclient.model.Server;
import net.bluemind.xmpp.coreclient.model.User;
import net.bluemind.xmpp.coreclient.model.VCard;
import net.bluemind.xmpp.coreclient.model.ValidationResult;

/**
 * bm-core's REST API as bm-xmpp uses it. Every call is asynchronous; a failed future carries a
 * {@link CoreException}: {@link CoreNotFoundException}, {@link CorePermissionException},
 * {@link CoreUnavailableException} or {@link CoreProtocolException}.
 */
public final class CoreClient {
    private static final TypeFactory TYPES = TypeFactory.defaultInstance();
    private static final JavaType STRING = TYPES.constructType(String.class);
    private static final JavaType STRING_MAP = TYPES.constructMapType(Map.class, String.class, String.class);
    private static final JavaType STRING_SET = TYPES.constructCollectionType(Set.class, String.class);

    private final CoreHttp http;
    private final String origin;

    public CoreClient(CoreClientConfig config) {
        this.http = new CoreHttp(config);
        this.origin = "bm-xmpp";
    }

    /**
     * Waits for a call, for a caller on a thread of its own that may wait (a resync, a rights check): its result,
     * or its {@link CoreException}; an {@link IllegalStateException} when it failed otherwise or took longer than
     * {@code limitMillis} (the call is then cancelled).
     */
    public static <T> T await(CompletableFuture<T> call, long limitMillis) throws InterruptedException {
        try {
            return call.get(limitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CoreException ce) {
                throw ce;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new IllegalStateException("bm-core did not answer within " + limitMillis + " ms");
        }
    }

    // ---- authentication

    /** Checks a password, a session id or an API key for {@code login} ({@code local@domain}). */
    public CompletableFuture<ValidationResult> validate(String login, String secret) {
        return http.post("/api/auth/validate?login=" + query(login) + "&origin=" + query(origin), secret,
                        configToken())
                .thenApply(r -> {
                    String answer = http.decode(r, STRING);
                    try {
                        return ValidationResult.valueOf(answer);
                    } catch (IllegalArgumentException | NullPointerException e) {
                        throw new CoreProtocolException("unknown validation result " + answer, e);
                    }
                });
    }

    public CompletableFuture<LoginResponse> login(String login, String password) {
        return http.post("/api/auth/login?login=" + query(login) + "&origin=" + query(origin), password, configToken())
                .thenApply(r -> required(r, TYPES.constructType(LoginResponse.class)));
    }

    /** Ends the session {@code authKey}. */
    public CompletableFuture<Void> logout(String authKey) {
        return http.post("/api/auth/logout", "", authKey).thenApply(r -> null);
    }

    // ---- domains and servers

    /** Every domain, including BlueMind's {@code global.virt} (flagged {@code global}): callers skip it. */
    public CompletableFuture<List<ItemValue<Domain>>> domains() {
        return getRequired("/api/domains", TYPES.constructCollectionType(List.class, item(Domain.class)));
    }

    /** The domain whose name or alias is {@code name}. */
    public CompletableFuture<ItemValue<Domain>> lookupDomain(String name) {
        return getRequired("/api/domains/_lookup?name=" + query(name), item(Domain.class));
    }

    public CompletableFuture<Map<String, String>> domainSettings(String domainUid) {
        return getRequired("/api/domains/" + segment(domainUid) + "/_settings", STRING_MAP);
    }

    public CompletableFuture<List<Assignment>> assignments(String domainUid) {
        return getRequired("/api/servers/default/" + segment(domainUid) + "/assignments",
                TYPES.constructCollectionType(List.class, Assignment.class));
    }

    public CompletableFuture<ItemValue<Server>> server(String serverUid) {
        return getRequired("/api/servers/default/" + segment(serverUid), item(Server.class));
    }

    // ---- users and their cards

    /** The user owning {@code email} (any address or alias of the user). */
    public CompletableFuture<ItemValue<User>> userByEmail(String domainUid, String email) {
        return getRequired(users(domainUid) + "/byEmail/" + segment(email), item(User.class));
    }

    public CompletableFuture<ItemValue<User>> userByLogin(String domainUid, String login) {
        return getRequired(users(domainUid) + "/byLogin/" + segment(login), item(User.class));
    }

    /** Roles including those inherited from groups; {@code hasIM} grants instant messaging. */
    public CompletableFuture<Set<String>> rolesResolved(String domainUid, String uid) {
        return getRequired(users(domainUid) + "/" + segment(uid) + "/roles_resolved", STRING_SET);
    }

    public CompletableFuture<Map<String, String>> userSettings(String domainUid, String uid) {
        return getRequired(users(domainUid) + "/" + segment(uid) + "/_settings", STRING_MAP);
    }

    /** The user's PNG photo; empty when the user has none (204 or 404). */
    public CompletableFuture<Optional<byte[]>> userPhoto(String domainUid, String uid) {
        return photo(users(domainUid) + "/" + segment(uid) + "/photo");
    }

    /** The user's card in the domain's directory book {@code addressbook_<domainUid>}. */
    public CompletableFuture<ItemValue<VCard>> completeCard(String domainUid, String uid) {
        return getRequired(book(domainUid) + "/" + segment(uid) + "/complete", item(VCard.class));
    }

    public CompletableFuture<Optional<byte[]>> cardPhoto(String domainUid, String uid) {
        return photo(book(domainUid) + "/" + segment(uid) + "/photo");
    }

    // ---- plumbing

    private <T> CompletableFuture<T> getRequired(String path, JavaType type) {
        return http.get(path).thenApply(r -> required(r, type));
    }

    private <T> T required(HttpResponse<byte[]> response, JavaType type) {
        T value = http.decode(response, type);
        if (value == null) {
            throw new CoreProtocolException("empty answer to " + response.request().uri().getPath(), null);
        }
        return value;
    }

    private CompletableFuture<Optional<byte[]>> photo(String path) {
        return http.get(path).handle((response, failure) -> {
            if (failure == null) {
                return response.statusCode() == 204 || response.body().length == 0
                        ? Optional.<byte[]>empty() : Optional.of(response.body());
            }
            Throwable cause = CoreHttp.unwrap(failure);
            if (cause instanceof CoreNotFoundException) {
                return Optional.<byte[]>empty();
            }
            throw cause instanceof RuntimeException rt ? rt : new CoreUnavailableException(cause.toString(), cause);
        });
    }

    private String configToken() {
        return http.token();
    }

    private static JavaType item(Class<?> valueType) {
        return TYPES.constructParametricType(ItemValue.class, valueType);
    }

    private static String users(String domainUid) {
        return "/api/users/" + segment(domainUid);
    }

    private static String book(String domainUid) {
        return "/api/addressbooks/" + segment("addressbook_" + domainUid);
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
