package net.bluemind.xmpp.server.adhoc;

import net.bluemind.xmpp.xml.StanzaError;

/**
 * Ends a command step with an error reply (XEP-0050 §6.4, XEP-0133 §5). A command completes its
 * stage exceptionally with one; the session ends, except after {@link #badPayload} (the requester
 * may submit the form again) and a bad action (it may pick another). Expected conditions: no stack trace.
 */
public final class CommandException extends RuntimeException {

    private final StanzaError error;
    private final String specificCondition;
    private final boolean keepsSession;

    private CommandException(StanzaError error, String specificCondition, boolean keepsSession) {
        super(error.condition().xml() + (specificCondition == null ? "" : "/" + specificCondition)
                + (error.text() == null ? "" : ": " + error.text()), null, false, false);
        this.error = error;
        this.specificCondition = specificCondition;
        this.keepsSession = keepsSession;
    }

    /** A stanza error with the condition's usual type. */
    public static CommandException of(StanzaError.Condition condition, String text) {
        return new CommandException(StanzaError.of(condition, text), null, false);
    }

    /** The requester may not do this (XEP-0050 gives {@code forbidden} the type cancel). */
    public static CommandException forbidden(String text) {
        return new CommandException(new StanzaError(StanzaError.Condition.FORBIDDEN, StanzaError.Type.CANCEL, text), null, false);
    }

    /** The submitted form is unusable (a required field empty, a malformed value); the session stays open. */
    public static CommandException badPayload(String text) {
        return new CommandException(StanzaError.of(StanzaError.Condition.BAD_REQUEST, text), "bad-payload", true);
    }

    static CommandException specific(StanzaError.Condition condition, String specificCondition, String text) {
        return new CommandException(StanzaError.of(condition, text), specificCondition, false);
    }

    /** An action the current stage does not offer; the session stays open. */
    static CommandException badAction(String text) {
        return new CommandException(StanzaError.of(StanzaError.Condition.BAD_REQUEST, text), "bad-action", true);
    }

    public StanzaError error() {
        return error;
    }

    /** The XEP-0050 condition element ({@code bad-action}, {@code bad-sessionid}...), or null. */
    public String specificCondition() {
        return specificCondition;
    }

    public boolean keepsSession() {
        return keepsSession;
    }
}
