package net.bluemind.xmpp.coresim.directory;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A range of users computed on demand: {@code <prefix>1} .. {@code <prefix><count>} in one domain, all with the
 * same password and roles. Nothing is stored per user; a lookup parses the number and checks the range.
 */
final class GeneratedUsers {
    final String domainUid;
    final String prefix;
    final int count;
    final String password;
    final List<String> roles;
    /** internalId of {@code <prefix>1}; the range owns {@code count} consecutive ids. */
    private final long firstInternalId;
    private final long created;

    GeneratedUsers(String domainUid, String prefix, int count, String password, List<String> roles,
                   long firstInternalId, long created) {
        this.domainUid = domainUid;
        this.prefix = prefix;
        this.count = count;
        this.password = password;
        this.roles = List.copyOf(roles);
        this.firstInternalId = firstInternalId;
        this.created = created;
    }

    /**
     * The number {@code n} when {@code login} is {@code <prefix><n>} (prefix case-insensitive), {@code n} written
     * in decimal without leading zero and {@code 1 <= n <= count}; empty otherwise.
     */
    OptionalInt number(String login) {
        if (login == null || login.length() <= prefix.length()
                || !login.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return OptionalInt.empty();
        }
        String digits = login.substring(prefix.length());
        if (digits.length() > 10 || digits.charAt(0) == '0') {
            return OptionalInt.empty();
        }
        long n = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalInt.empty();
            }
            n = n * 10 + (c - '0');
        }
        return n >= 1 && n <= count ? OptionalInt.of((int) n) : OptionalInt.empty();
    }

    /** User {@code n} of the range, built afresh: uid = login = {@code <prefix><n>}, no photo. */
    SimUser user(int n, SimDomain domain) {
        String login = prefix + n;
        String displayName = displayPrefix() + ' ' + n;
        List<String> emails = List.of(login + '@' + domain.name);
        return new SimUser(new ItemMeta(firstInternalId + n - 1, created), login, domainUid, login, password,
                displayName, emails, roles, false, false, List.of(),
                VCards.individual(displayName, null, null, emails, false), null, Map.of());
    }

    private String displayPrefix() {
        return Character.toUpperCase(prefix.charAt(0)) + prefix.substring(1);
    }
}
