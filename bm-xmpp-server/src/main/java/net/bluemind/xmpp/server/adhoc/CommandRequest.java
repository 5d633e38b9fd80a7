package net.bluemind.xmpp.server.adhoc;

import java.util.List;
import java.util.concurrent.Executor;

import org.jxmpp.jid.EntityFullJid;

import net.bluemind.xmpp.server.dataforms.DataForm;

/**
 * One step of a command session, as its command sees it.
 *
 * @param requester     who runs the command
 * @param domain        the served domain the command was sent to (canonical name)
 * @param administrator whether the requester administers {@code domain}
 * @param action        {@link CommandAction#NEXT} or {@link CommandAction#COMPLETE} once a form was
 *                      presented ({@code execute} already resolved to the stage's default), else EXECUTE
 * @param submitted     the forms the requester submitted in this session, oldest first; the last one
 *                      answers the form of the previous step. Empty on the first step
 * @param background    for work that waits on another system
 */
public record CommandRequest(EntityFullJid requester, String domain, boolean administrator, CommandAction action,
                             List<DataForm> submitted, Executor background) {

    public CommandRequest {
        submitted = List.copyOf(submitted);
    }

    /** 0 on the first step, then the number of forms submitted so far. */
    public int stage() {
        return submitted.size();
    }

    /** The form just submitted, or null on the first step. */
    public DataForm form() {
        return submitted.isEmpty() ? null : submitted.get(submitted.size() - 1);
    }
}
