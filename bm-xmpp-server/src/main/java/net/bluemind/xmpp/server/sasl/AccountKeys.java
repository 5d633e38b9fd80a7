package net.bluemind.xmpp.server.sasl;

import java.util.Locale;
import java.util.concurrent.CompletionStage;

import net.bluemind.xmpp.spi.AuthRepository;
import net.bluemind.xmpp.spi.VHostRepository;

/**
 * The name under which the throttle counts a login's failures: the account's bare JID when the repository
 * knows the name (so {@code robert}, {@code bob@acme.example} and {@code BOB} share bob@acme.test's budget),
 * otherwise the name as typed, made canonical the same way (case, stream domain, alias domain), so guesses
 * at a name that does not exist are throttled under all its spellings too.
 */
public final class AccountKeys {

    private final AuthRepository repo;
    private final VHostRepository vhosts;

    public AccountKeys(AuthRepository repo, VHostRepository vhosts) {
        this.repo = repo;
        this.vhosts = vhosts;
    }

    /** The key for {@code username} on a stream to {@code domain}; fails when the repository does. */
    public CompletionStage<String> of(String domain, String username) {
        return repo.account(domain, username)
                .thenApply(account -> account.map(a -> a.toLowerCase(Locale.ROOT)).orElseGet(() -> typed(domain, username)));
    }

    /** {@code username} as a lower-case bare JID: qualified by the stream's domain, an alias domain replaced by its domain. */
    public String typed(String domain, String username) {
        String u = username.strip().toLowerCase(Locale.ROOT);
        int at = u.lastIndexOf('@');
        if (at < 0) {
            return u + '@' + domain;
        }
        String canonical = vhosts.canonical(u.substring(at + 1));
        return canonical == null ? u : u.substring(0, at + 1) + canonical;
    }
}
