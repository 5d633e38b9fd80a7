package net.bluemind.xmpp.server.adhoc.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.bluemind.xmpp.server.adhoc.CommandNote;
import net.bluemind.xmpp.server.adhoc.CommandRequest;
import net.bluemind.xmpp.server.adhoc.CommandStep;
import net.bluemind.xmpp.server.dataforms.DataForm;
import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.SessionManager;
import net.bluemind.xmpp.server.stream.StreamErrorCondition;

/**
 * XEP-0133 §4.5 End User Session: a bare JID ends every session of the account, a full JID that one.
 * The user may log in again ("kicking", not "banning").
 *
 * <p>The sessions end with the stream error {@code policy-violation}: the server's policy (an
 * administrator's decision) ends them; the credentials are still good, so not {@code not-authorized},
 * and a client should not come straight back, so not {@code reset}.
 */
final class EndUserSessionCommand extends AdminCommand {

    private static final Logger log = LoggerFactory.getLogger(EndUserSessionCommand.class);

    private final SessionManager sessions;
    private final AccountJids jids;

    EndUserSessionCommand(SessionManager sessions, AccountJids jids) {
        super("end-user-session", "End User Session");
        this.sessions = sessions;
        this.jids = jids;
    }

    @Override
    public CompletionStage<CommandStep> step(CommandRequest request) {
        if (request.stage() == 0) {
            return CompletableFuture.completedFuture(CommandStep.lastForm(DataForm.form("Ending a User Session")
                    .instructions("Fill out this form to end sessions of users of " + request.domain()
                            + ": a bare JID ends all the user's sessions, a full JID only that one.")
                    .formType(ServiceAdministration.NS)
                    .field("accountjids", "jid-multi", "The Jabber ID(s) for which to end sessions", true)
                    .build()));
        }
        int ended = 0;
        List<String> absent = new ArrayList<>();
        for (Jid jid : jids.parse(request.form().values("accountjids"), request.domain(), true)) {
            List<ClientSession> matching = matching(jid);
            if (matching.isEmpty()) {
                absent.add(jid.toString());
            }
            for (ClientSession s : matching) {
                s.closeWithError(StreamErrorCondition.POLICY_VIOLATION, "your session was ended by an administrator");
                log.info("{} ended the session {}", request.requester().asEntityBareJid(), s.fullJid());
                ended++;
            }
        }
        List<CommandNote> notes = new ArrayList<>();
        notes.add(CommandNote.info("Ended " + ended + " session(s)."));
        if (!absent.isEmpty()) {
            notes.add(CommandNote.warn("No session for: " + String.join(", ", absent)));
        }
        return CompletableFuture.completedFuture(CommandStep.completed(notes));
    }

    private List<ClientSession> matching(Jid jid) {
        EntityFullJid full = jid.asEntityFullJidIfPossible();
        if (full != null) {
            ClientSession s = sessions.find(full);
            return s == null ? List.of() : List.of(s);
        }
        return List.of(sessions.sessions(jid.asEntityBareJidOrThrow()));
    }
}
