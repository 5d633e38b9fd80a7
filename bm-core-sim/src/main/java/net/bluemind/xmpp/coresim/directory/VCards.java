package net.bluemind.xmpp.coresim.directory;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds BlueMind {@code VCard} JSON (with BlueMind's own spelling {@code formatedName}) from fixture fields. */
final class VCards {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private VCards() {
    }

    static ObjectNode individual(String displayName, String title, String phone, List<String> emails, boolean photo) {
        ObjectNode card = JSON.objectNode();
        card.put("kind", "individual");
        card.putNull("source");
        card.set("identification", identification(displayName, photo));
        card.set("deliveryAddressing", JSON.arrayNode());
        card.set("communications", communications(phone, emails));
        card.set("organizational", organizational(title));
        ObjectNode explanatory = card.putObject("explanatory");
        explanatory.set("urls", JSON.arrayNode());
        explanatory.putNull("note");
        explanatory.set("categories", JSON.arrayNode());
        card.putObject("related");
        return card;
    }

    static void markPhoto(ObjectNode card, boolean photo) {
        if (!(card.get("identification") instanceof ObjectNode)) {
            card.set("identification", JSON.objectNode());
        }
        ((ObjectNode) card.get("identification")).put("photo", photo);
    }

    private static ObjectNode identification(String displayName, boolean photo) {
        ObjectNode id = JSON.objectNode();
        ObjectNode formatted = id.putObject("formatedName");
        formatted.put("value", displayName);
        formatted.set("parameters", JSON.arrayNode());
        int space = displayName == null ? -1 : displayName.indexOf(' ');
        ObjectNode name = id.putObject("name");
        name.put("familyNames", space < 0 ? displayName : displayName.substring(space + 1));
        name.put("givenNames", space < 0 ? null : displayName.substring(0, space));
        name.putNull("additionalNames");
        name.putNull("prefixes");
        name.putNull("suffixes");
        id.putObject("nickname").putNull("value");
        id.put("photo", photo);
        id.putNull("birthday");
        id.putNull("gender");
        return id;
    }

    private static ObjectNode communications(String phone, List<String> emails) {
        ObjectNode comms = JSON.objectNode();
        ArrayNode tels = comms.putArray("tels");
        if (phone != null) {
            ObjectNode tel = tels.addObject();
            tel.put("value", phone);
            tel.set("parameters", parameters("TYPE", "work"));
        }
        ArrayNode mails = comms.putArray("emails");
        for (int i = 0; i < emails.size(); i++) {
            ObjectNode mail = mails.addObject();
            mail.put("value", emails.get(i));
            mail.set("parameters", i == 0 ? parameters("DEFAULT", "true") : JSON.arrayNode());
        }
        comms.set("impps", JSON.arrayNode());
        comms.set("langs", JSON.arrayNode());
        return comms;
    }

    private static ObjectNode organizational(String title) {
        ObjectNode org = JSON.objectNode();
        org.put("title", title);
        org.putNull("role");
        ObjectNode company = org.putObject("org");
        company.putNull("company");
        company.putNull("division");
        company.putNull("department");
        return org;
    }

    private static ArrayNode parameters(String label, String value) {
        ArrayNode params = JSON.arrayNode();
        params.addObject().put("label", label).put("value", value);
        return params;
    }
}
