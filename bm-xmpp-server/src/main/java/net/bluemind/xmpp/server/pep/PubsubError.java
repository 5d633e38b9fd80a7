package net.bluemind.xmpp.server.pep;

import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.StanzaError;

/**
 * A XEP-0060 error: a stanza error and, where the XEP names one, a condition of the pubsub#errors
 * namespace (with the unsupported feature, for {@code <unsupported/>}).
 */
record PubsubError(StanzaError error, String pubsubCondition, String feature) {

    static PubsubError of(StanzaError.Condition condition) {
        return new PubsubError(StanzaError.of(condition), null, null);
    }

    static PubsubError of(StanzaError.Condition condition, String pubsubCondition) {
        return new PubsubError(StanzaError.of(condition), pubsubCondition, null);
    }

    static PubsubError unsupported(String feature) {
        return new PubsubError(StanzaError.of(StanzaError.Condition.FEATURE_NOT_IMPLEMENTED), "unsupported", feature);
    }

    static PubsubError text(StanzaError.Condition condition, String pubsubCondition, String text) {
        return new PubsubError(StanzaError.of(condition, text), pubsubCondition, null);
    }

    PubsubException exception() {
        return new PubsubException(this);
    }

    /** The error reply to {@code stanza}: the stanza error of RFC 6120 with the pubsub condition appended. */
    Element replyTo(Element stanza) {
        Element reply = error.replyTo(stanza);
        if (pubsubCondition == null) {
            return reply;
        }
        Element.Builder b = Element.builder(reply.name(), reply.namespace());
        for (int i = 0; i < reply.attributeCount(); i++) {
            b.attribute(reply.attributeName(i), reply.attributeValue(i));
        }
        for (Element child : reply.childElements()) {
            if (child.name().equals("error") && child.namespace().equals(reply.namespace())) {
                child = child.toBuilder()
                        .child(Element.builder(pubsubCondition, Pubsub.ERRORS).attribute("feature", feature).build())
                        .build();
            }
            b.child(child);
        }
        return b.build();
    }
}
