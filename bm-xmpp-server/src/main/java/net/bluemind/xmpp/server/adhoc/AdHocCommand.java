package net.bluemind.xmpp.server.adhoc;

import java.util.concurrent.CompletionStage;

/**
 * One ad-hoc command (XEP-0050), the way features and BlueMind plugins add commands to the server.
 * The framework ({@link AdHocProcessor}) lists it, checks who may run it, keeps the session, its
 * stages and its forms, and turns each {@link CommandStep} into the protocol; the command only
 * decides what to ask and what to do.
 *
 * <p>{@link #step} runs on the requester's connection thread and must not block: work that waits
 * goes to {@link CommandRequest#background()}. A failure is a stage completed with a
 * {@link CommandException}.
 */
public interface AdHocCommand {

    /** The node that names it, unique on the server (e.g. {@code http://jabber.org/protocol/admin#add-user}). */
    String node();

    /** A human-readable name for command lists. */
    String name();

    /** Whether only an administrator of the addressed domain may see and run it. */
    boolean adminOnly();

    /**
     * The answer to one step: the first step ({@link CommandRequest#stage()} 0) has no form; each
     * later step carries the form submitted for the previous answer. Required fields of the
     * previous form are already checked.
     */
    CompletionStage<CommandStep> step(CommandRequest request);
}
