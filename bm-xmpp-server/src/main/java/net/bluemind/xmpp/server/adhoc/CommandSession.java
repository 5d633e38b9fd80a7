package net.bluemind.xmpp.server.adhoc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jxmpp.jid.EntityFullJid;

import net.bluemind.xmpp.server.dataforms.DataForm;

/**
 * One execution of a command by one requester: the answers shown so far (for {@code prev}) and the
 * forms submitted. A step may complete on another thread, so every access holds the session's lock.
 */
final class CommandSession {

    private final String id;
    private final EntityFullJid requester;
    private final AdHocCommand command;
    /** The steps shown, oldest first; while the session runs there is one more than submitted forms. */
    private final List<CommandStep> shown = new ArrayList<>();
    private final List<DataForm> submitted = new ArrayList<>();
    private Instant lastUsed;
    private boolean busy;

    CommandSession(String id, EntityFullJid requester, AdHocCommand command, Instant now) {
        this.id = id;
        this.requester = requester;
        this.command = command;
        this.lastUsed = now;
    }

    String id() {
        return id;
    }

    EntityFullJid requester() {
        return requester;
    }

    AdHocCommand command() {
        return command;
    }

    synchronized Instant lastUsed() {
        return lastUsed;
    }

    synchronized void touch(Instant now) {
        lastUsed = now;
    }

    /** Marks a step in flight; false when one already is (the requester did not wait for the answer). */
    synchronized boolean begin() {
        if (busy) {
            return false;
        }
        busy = true;
        return true;
    }

    synchronized void done() {
        busy = false;
    }

    /** The step the requester is answering, or null before the first one. */
    synchronized CommandStep current() {
        return shown.isEmpty() ? null : shown.get(shown.size() - 1);
    }

    /** Whether there is an earlier stage to go back to. */
    synchronized boolean canGoBack() {
        return shown.size() > 1;
    }

    /** The forms submitted so far plus {@code form}, oldest first (the session is left unchanged). */
    synchronized List<DataForm> submittedWith(DataForm form) {
        List<DataForm> out = new ArrayList<>(submitted);
        if (form != null) {
            out.add(form);
        }
        return out;
    }

    /** Records that {@code form} answered the current step and {@code next} is now shown. */
    synchronized void advance(DataForm form, CommandStep next) {
        if (!shown.isEmpty()) {
            submitted.add(form);
        }
        shown.add(next);
    }

    /** Returns to the previous stage and gives its step again. */
    synchronized CommandStep back() {
        shown.remove(shown.size() - 1);
        submitted.remove(submitted.size() - 1);
        return shown.get(shown.size() - 1);
    }
}
