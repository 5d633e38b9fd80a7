package net.bluemind.xmpp.coreclient.model;

/** The answer of {@code /api/auth/validate}. */
public enum ValidationResult {
    /** The password is right. */
    PASSWORD,
    /** The secret is a live session id or an API key of the user. */
    TOKEN,
    PASSWORDEXPIRED,
    ARCHIVED,
    NONE;

    /** PASSWORD and TOKEN log in; the others are refusals. */
    public boolean accepted() {
        return this == PASSWORD || this == TOKEN;
    }
}
