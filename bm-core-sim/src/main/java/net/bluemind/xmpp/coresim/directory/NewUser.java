package net.bluemind.xmpp.coresim.directory;

import java.util.List;
import java.util.Map;

/** What it takes to create a user; null {@code uid} means "the login". */
public record NewUser(String uid, String domainUid, String login, String password, String displayName,
                      List<String> emails, List<String> roles, boolean archived, boolean passwordExpired,
                      List<String> apiKeys, String title, String phone, byte[] photo, Map<String, String> settings) {
    public NewUser {
        if (domainUid == null || login == null || login.isBlank()) {
            throw new IllegalArgumentException("a user needs a domainUid and a login");
        }
        emails = emails == null ? List.of() : List.copyOf(emails);
        roles = roles == null ? List.of() : List.copyOf(roles);
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }
}
