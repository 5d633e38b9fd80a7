package net.bluemind.xmpp.coresim.directory;

/** The answers of BlueMind's {@code /api/auth/validate}. */
public enum Validation {
    PASSWORD, TOKEN, PASSWORDEXPIRED, ARCHIVED, NONE
}
