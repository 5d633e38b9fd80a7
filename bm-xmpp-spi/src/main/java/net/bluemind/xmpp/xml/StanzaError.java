package net.bluemind.xmpp.xml;

import java.util.Locale;

/**
 * A stanza error of RFC 6120 §8.3: a condition, its type, and an optional human-readable text.
 * {@link #replyTo} turns the offending stanza into its error reply.
 */
public record StanzaError(Condition condition, Type type, String text) {

    public enum Type {
        AUTH, CANCEL, CONTINUE, MODIFY, WAIT;

        public String xml() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The defined conditions, each with the type RFC 6120 §8.3.3 gives it by default. */
    public enum Condition {
        BAD_REQUEST(Type.MODIFY),
        CONFLICT(Type.CANCEL),
        FEATURE_NOT_IMPLEMENTED(Type.CANCEL),
        FORBIDDEN(Type.AUTH),
        GONE(Type.CANCEL),
        INTERNAL_SERVER_ERROR(Type.CANCEL),
        ITEM_NOT_FOUND(Type.CANCEL),
        JID_MALFORMED(Type.MODIFY),
        NOT_ACCEPTABLE(Type.MODIFY),
        NOT_ALLOWED(Type.CANCEL),
        NOT_AUTHORIZED(Type.AUTH),
        POLICY_VIOLATION(Type.MODIFY),
        RECIPIENT_UNAVAILABLE(Type.WAIT),
        REDIRECT(Type.MODIFY),
        REGISTRATION_REQUIRED(Type.AUTH),
        REMOTE_SERVER_NOT_FOUND(Type.CANCEL),
        REMOTE_SERVER_TIMEOUT(Type.WAIT),
        RESOURCE_CONSTRAINT(Type.WAIT),
        SERVICE_UNAVAILABLE(Type.CANCEL),
        SUBSCRIPTION_REQUIRED(Type.AUTH),
        UNDEFINED_CONDITION(Type.CANCEL),
        UNEXPECTED_REQUEST(Type.WAIT);

        private final Type defaultType;
        private final String xml;

        Condition(Type defaultType) {
            this.defaultType = defaultType;
            this.xml = name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public Type defaultType() {
            return defaultType;
        }

        public String xml() {
            return xml;
        }
    }

    public static StanzaError of(Condition condition) {
        return new StanzaError(condition, condition.defaultType(), null);
    }

    public static StanzaError of(Condition condition, String text) {
        return new StanzaError(condition, condition.defaultType(), text);
    }

    public Element toElement(String by) {
        Element.Builder b = Element.builder("error", Namespaces.CLIENT)
                .attribute("type", type.xml())
                .attribute("by", by)
                .child(Element.empty(condition.xml(), Namespaces.STANZA_ERRORS));
        if (text != null) {
            b.child(Element.builder("text", Namespaces.STANZA_ERRORS)
                    .attribute("xml:lang", "en").text(text).build());
        }
        return b.build();
    }

    /**
     * The error reply to {@code stanza}: addresses swapped, type error, the original payload kept
     * (RFC 6120 §8.3.1 allows it, and clients match replies by it) and the error element appended.
     */
    public Element replyTo(Element stanza) {
        Element.Builder b = Element.builder(stanza.name(), stanza.namespace())
                .attribute("from", stanza.attribute("to"))
                .attribute("to", stanza.attribute("from"))
                .attribute("id", stanza.attribute("id"))
                .attribute("type", "error");
        for (int i = 0; i < stanza.childCount(); i++) {
            Object c = stanza.child(i);
            if (c instanceof Element e && !e.name().equals("error")) {
                b.child(e);
            }
        }
        b.child(toElement(null));
        return b.build();
    }

    /** The condition element of an error stanza's error child, or null. */
    public static String conditionOf(Element stanza) {
        Element error = stanza.firstChild("error", stanza.namespace());
        if (error == null) {
            return null;
        }
        for (Element c : error.childElements()) {
            if (c.namespace().equals(Namespaces.STANZA_ERRORS) && !c.name().equals("text")) {
                return c.name();
            }
        }
        return null;
    }
}
