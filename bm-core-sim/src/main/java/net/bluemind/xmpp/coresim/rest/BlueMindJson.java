package net.bluemind.xmpp.coresim.rest;

import java.util.Collection;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.bluemind.xmpp.coresim.directory.ItemMeta;
import net.bluemind.xmpp.coresim.directory.SimDomain;
import net.bluemind.xmpp.coresim.directory.SimServer;
import net.bluemind.xmpp.coresim.directory.SimUser;

/** BlueMind's JSON shapes: {@code ItemValue<T>}, {@code Domain}, {@code Server}, {@code User}, assignments. */
public final class BlueMindJson {
    private final ObjectMapper mapper = new ObjectMapper();

    public ObjectNode itemValue(String uid, ItemMeta meta, String displayName, JsonNode value) {
        ObjectNode item = mapper.createObjectNode();
        item.put("uid", uid);
        item.put("internalId", meta.internalId());
        item.put("version", meta.version());
        item.put("displayName", displayName);
        item.putNull("externalId");
        item.put("createdBy", "system");
        item.put("updatedBy", "system");
        item.put("created", meta.created());
        item.put("updated", meta.updated());
        item.putArray("flags");
        item.set("value", value);
        return item;
    }

    public ObjectNode domainItem(SimDomain d) {
        ObjectNode domain = mapper.createObjectNode();
        domain.put("label", d.label());
        domain.put("name", d.name());
        domain.put("description", d.description());
        domain.putObject("properties");
        domain.put("global", d.global());
        strings(domain.putArray("aliases"), d.aliases());
        domain.put("defaultAlias", d.defaultAlias());
        return itemValue(d.uid(), d.meta(), d.label(), domain);
    }

    public ObjectNode serverItem(SimServer s) {
        ObjectNode server = mapper.createObjectNode();
        server.put("ip", s.ip());
        server.put("fqdn", s.fqdn());
        server.put("name", s.name());
        strings(server.putArray("tags"), s.tags());
        return itemValue(s.uid(), s.meta(), s.name(), server);
    }

    public ObjectNode assignment(String serverUid, String domainUid, String tag) {
        return mapper.createObjectNode().put("serverUid", serverUid).put("domainUid", domainUid).put("tag", tag);
    }

    public ObjectNode user(SimUser u) {
        ObjectNode user = mapper.createObjectNode();
        user.put("login", u.login());
        user.putNull("password");
        ArrayNode emails = user.putArray("emails");
        for (String address : u.emails()) {
            emails.addObject().put("address", address).put("allAliases", true)
                    .put("isDefault", address.equals(u.defaultEmail()));
        }
        user.put("archived", u.archived());
        user.put("hidden", false);
        user.put("system", false);
        user.put("accountType", "FULL");
        user.put("routing", "internal");
        user.putNull("dataLocation");
        user.putNull("quota");
        user.put("passwordMustChange", u.passwordExpired());
        user.put("passwordNeverExpires", !u.passwordExpired());
        user.putObject("properties");
        user.set("contactInfos", u.card());
        return user;
    }

    public ObjectNode userItem(SimUser u) {
        return itemValue(u.uid(), u.meta(), u.displayName(), user(u));
    }

    public ObjectNode cardItem(SimUser u) {
        return itemValue(u.uid(), u.meta(), u.displayName(), u.card());
    }

    public ArrayNode array(Collection<? extends JsonNode> nodes) {
        ArrayNode array = mapper.createArrayNode();
        array.addAll(nodes);
        return array;
    }

    public ArrayNode strings(Collection<String> values) {
        return strings(mapper.createArrayNode(), values);
    }

    public ObjectNode map(Map<String, String> values) {
        ObjectNode node = mapper.createObjectNode();
        values.forEach(node::put);
        return node;
    }

    public ObjectNode object() {
        return mapper.createObjectNode();
    }

    public byte[] bytes(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    private static ArrayNode strings(ArrayNode array, Collection<String> values) {
        values.forEach(array::add);
        return array;
    }
}
