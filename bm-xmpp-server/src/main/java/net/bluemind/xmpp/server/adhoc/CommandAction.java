package net.bluemind.xmpp.server.adhoc;

import java.util.Locale;

/** The actions a requester may ask for (XEP-0050 §6.1, the {@code action} attribute). */
public enum CommandAction {
    EXECUTE, CANCEL, PREV, NEXT, COMPLETE;

    private final String xml = name().toLowerCase(Locale.ROOT);

    public String xml() {
        return xml;
    }

    /** The action named by an {@code action} attribute (absent means execute), or null when unknown. */
    public static CommandAction parse(String attribute) {
        if (attribute == null) {
            return EXECUTE;
        }
        for (CommandAction a : values()) {
            if (a.xml.equals(attribute)) {
                return a;
            }
        }
        return null;
    }
}
