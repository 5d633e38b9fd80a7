package net.bluemind.xmpp.server.adhoc;

import java.util.List;
import java.util.Set;

import net.bluemind.xmpp.server.dataforms.DataForm;

/**
 * What a command answers to one step: a form to fill in (the session goes on) or the end of the
 * session, with notes and an optional result form.
 */
public final class CommandStep {

    private final boolean completed;
    private final DataForm form;
    private final Set<CommandAction> actions;
    private final CommandAction defaultAction;
    private final List<CommandNote> notes;

    private CommandStep(boolean completed, DataForm form, Set<CommandAction> actions, CommandAction defaultAction,
                        List<CommandNote> notes) {
        this.completed = completed;
        this.form = form;
        this.actions = Set.copyOf(actions);
        this.defaultAction = defaultAction;
        this.notes = List.copyOf(notes);
    }

    /** A form whose submission ends the command: the requester may complete (the default). */
    public static CommandStep lastForm(DataForm form, CommandNote... notes) {
        return new CommandStep(false, form, Set.of(CommandAction.COMPLETE), CommandAction.COMPLETE, List.of(notes));
    }

    /** A form followed by more stages: the requester may go on (the default). */
    public static CommandStep nextForm(DataForm form, CommandNote... notes) {
        return new CommandStep(false, form, Set.of(CommandAction.NEXT), CommandAction.NEXT, List.of(notes));
    }

    /** The end of the session, with an optional result form (null for none). */
    public static CommandStep completed(DataForm result, CommandNote... notes) {
        return new CommandStep(true, result, Set.of(), null, List.of(notes));
    }

    public static CommandStep completed(List<CommandNote> notes) {
        return new CommandStep(true, null, Set.of(), null, notes);
    }

    public boolean isCompleted() {
        return completed;
    }

    /** The form to fill in, the result form, or null. */
    public DataForm form() {
        return form;
    }

    /** The actions allowed next (besides cancel, always allowed; {@code prev} is the framework's business). */
    public Set<CommandAction> actions() {
        return actions;
    }

    /** What {@code execute} means at this stage. */
    public CommandAction defaultAction() {
        return defaultAction;
    }

    public List<CommandNote> notes() {
        return notes;
    }
}
