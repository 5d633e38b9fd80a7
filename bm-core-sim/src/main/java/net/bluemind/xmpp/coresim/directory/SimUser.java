package net.bluemind.xmpp.coresim.directory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A BlueMind user: credentials, addresses (the first is the default email), roles, card and photo. */
public final class SimUser {
    final ItemMeta meta;
    final String uid;
    final String domainUid;
    final String login;
    String password;
    String displayName;
    final List<String> emails;
    List<String> roles;
    boolean archived;
    boolean passwordExpired;
    final List<String> apiKeys;
    ObjectNode card;
    byte[] photo;
    final Map<String, String> settings;

    SimUser(ItemMeta meta, String uid, String domainUid, String login, String password, String displayName,
            List<String> emails, List<String> roles, boolean archived, boolean passwordExpired,
            List<String> apiKeys, ObjectNode card, byte[] photo, Map<String, String> settings) {
        this.meta = meta;
        this.uid = uid;
        this.domainUid = domainUid;
        this.login = login;
        this.password = password;
        this.displayName = displayName;
        this.emails = new ArrayList<>(emails);
        this.roles = new ArrayList<>(roles);
        this.archived = archived;
        this.passwordExpired = passwordExpired;
        this.apiKeys = new ArrayList<>(apiKeys);
        this.card = card;
        this.photo = photo;
        this.settings = new LinkedHashMap<>(settings);
    }

    public ItemMeta meta() { return meta; }
    public String uid() { return uid; }
    public String domainUid() { return domainUid; }
    public String login() { return login; }
    public String displayName() { return displayName; }
    public List<String> emails() { return List.copyOf(emails); }
    public String defaultEmail() { return emails.get(0); }
    public List<String> roles() { return List.copyOf(roles); }
    public boolean archived() { return archived; }
    public boolean passwordExpired() { return passwordExpired; }
    public ObjectNode card() { return card.deepCopy(); }
    public byte[] photo() { return photo; }
    public Map<String, String> settings() { return Map.copyOf(settings); }

    boolean passwordMatches(String secret) { return password != null && password.equals(secret); }
    boolean ownsApiKey(String secret) { return apiKeys.contains(secret); }
}
