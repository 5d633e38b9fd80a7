package net.bluemind.xmpp.server.adhoc;

import java.util.Locale;

/** A note for the requester ({@code <note type='info|warn|error'/>}, XEP-0050 §6.3). */
public record CommandNote(Type type, String text) {

    public enum Type {
        INFO, WARN, ERROR;

        public String xml() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static CommandNote info(String text) {
        return new CommandNote(Type.INFO, text);
    }

    public static CommandNote warn(String text) {
        return new CommandNote(Type.WARN, text);
    }

    /** A command that completes but fails must say why in an error note (XEP-0050 §4.5). */
    public static CommandNote error(String text) {
        return new CommandNote(Type.ERROR, text);
    }
}
