package net.bluemind.xmpp.coresim.control;

import java.util.List;
import java.util.Map;

/** JSON bodies of the {@code /sim/} control API. */
final class SimBodies {
    private SimBodies() {
    }

    record NewDomain(String uid, String name, String label, String description, List<String> aliases,
                     String defaultAlias, Map<String, String> settings, String xmppServer) {
    }

    record NewServer(String uid, String name, String fqdn, String ip, List<String> tags) {
    }

    record Assignment(String serverUid) {
    }

    record Delay(Long millis) {
    }

    record UserBody(String uid, String domainUid, String login, String password, String displayName,
                   List<String> emails, List<String> roles, boolean archived, boolean passwordExpired,
                   List<String> apiKeys, String title, String phone, Map<String, String> settings) {
    }
}
