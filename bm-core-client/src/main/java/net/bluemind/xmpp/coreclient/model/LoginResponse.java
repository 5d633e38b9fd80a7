package net.bluemind.xmpp.coreclient.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The answer of {@code /api/auth/login}; {@code authKey} is the new session id when {@code status} is Ok. */
public record LoginResponse(Status status, String message, String authKey, String latd, AuthUser authUser) {

    public enum Status { Ok, Bad, Expired }

    public record AuthUser(String uid, String domainUid, String displayName, User value, List<String> roles,
                           Map<String, Set<String>> rolesByOU, Map<String, String> settings) {
    }
}
