package net.bluemind.xmpp.spi;

import java.util.concurrent.CompletionStage;

/**
 * Creating and deleting accounts, for the service administration commands (XEP-0133). Optional: an
 * {@link AuthRepository} implements it only when its backend lets the XMPP server manage accounts.
 * The standalone repository does; BlueMind's does not (accounts are made in BlueMind's console), and
 * the commands then answer {@code not-allowed}.
 *
 * <p>Addresses are bare JIDs in canonical form: the served domain's canonical name, the local part as
 * the account has it (its default address, not an alias).
 */
public interface AccountAdministration {

    /** What became of a request. */
    enum Outcome {
        DONE,
        /** add: the address already belongs to an account (its own or as an alias). */
        ALREADY_EXISTS,
        /** delete: no account has that address as its JID. */
        NOT_FOUND,
        /** The repository does not manage this account or this domain. */
        NOT_ALLOWED
    }

    /** Creates an account that may log in and chat at once. */
    CompletionStage<Outcome> addAccount(String bareJid, String password);

    /** Deletes an account: it can no longer log in. Its sessions and stored data are the caller's business. */
    CompletionStage<Outcome> deleteAccount(String bareJid);
}
