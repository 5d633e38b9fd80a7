package net.bluemind.xmpp.server.adhoc.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jxmpp.jid.EntityBareJid;
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
import net.bluemind.xmpp.spi.AccountAdministration;
import net.bluemind.xmpp.spi.UserDataRepository;

/**
 * XEP-0133 §4.2 Delete User: deletes the accounts, ends their sessions and wipes their stored data.
 *
 * <p>The sessions end with the stream error {@code not-authorized}: the identity the stream was
 * authenticated as no longer exists, which is an authorization matter, not a broken client
 * ({@code policy-violation}) nor an invitation to reconnect ({@code reset}); clients treat it as a
 * credentials failure and stop reconnecting on their own.
 */
final class DeleteUserCommand extends AdminCommand {

    private static final Logger log = LoggerFactory.getLogger(DeleteUserCommand.class);

    private final AccountAdministration accounts;
    private final UserDataRepository userData;
    private final SessionManager sessions;
    private final AccountJids jids;

    DeleteUserCommand(AccountAdministration accounts, UserDataRepository userData, SessionManager sessions, AccountJids jids) {
        super("delete-user", "Delete User");
        this.accounts = accounts;
        this.userData = userData;
        this.sessions = sessions;
        this.jids = jids;
    }

    /** What happened to each account, for the notes. */
    private record Outcomes(List<String> deleted, List<String> unknown, List<String> refused) {
        Outcomes() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    @Override
    public CompletionStage<CommandStep> step(CommandRequest request) {
        if (accounts == null) {
            throw ServiceAdministration.accountsManagedElsewhere();
        }
        if (request.stage() == 0) {
            return CompletableFuture.completedFuture(CommandStep.lastForm(DataForm.form("Deleting a User")
                    .instructions("Fill out this form to delete users of " + request.domain() + ".")
                    .formType(ServiceAdministration.NS)
                    .field("accountjids", "jid-multi", "The Jabber ID(s) to delete", true)
                    .build()));
        }
        List<Jid> targets = jids.parse(request.form().values("accountjids"), request.domain(), false);
        Outcomes outcomes = new Outcomes();
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (Jid target : targets) {
            EntityBareJid user = target.asEntityBareJidOrThrow();
            chain = chain.thenCompose(ignored -> delete(user, request, outcomes));
        }
        return chain.thenApply(ignored -> CommandStep.completed(notes(outcomes)));
    }

    /** Deletes one account; the stored data goes once its sessions are told. */
    private CompletionStage<Void> delete(EntityBareJid user, CommandRequest request, Outcomes outcomes) {
        return accounts.deleteAccount(user.toString()).thenCompose(outcome -> switch (outcome) {
            case DONE -> {
                int ended = endSessions(user);
                log.info("{} deleted the account {} ({} session(s) ended)", request.requester().asEntityBareJid(), user, ended);
                yield userData.deleteUser(user.toString()).thenRun(() -> outcomes.deleted().add(user.toString()));
            }
            case NOT_FOUND -> {
                outcomes.unknown().add(user.toString());
                yield CompletableFuture.<Void>completedFuture(null);
            }
            case NOT_ALLOWED, ALREADY_EXISTS -> {
                outcomes.refused().add(user.toString());
                yield CompletableFuture.<Void>completedFuture(null);
            }
        });
    }

    private int endSessions(EntityBareJid user) {
        ClientSession[] open = sessions.sessions(user);
        for (ClientSession s : open) {
            s.closeWithError(StreamErrorCondition.NOT_AUTHORIZED, "your account was deleted");
        }
        return open.length;
    }

    private static List<CommandNote> notes(Outcomes o) {
        List<CommandNote> notes = new ArrayList<>();
        if (!o.deleted().isEmpty()) {
            notes.add(CommandNote.info("Deleted: " + String.join(", ", o.deleted())));
        }
        if (!o.unknown().isEmpty()) {
            notes.add(CommandNote.warn("No such account: " + String.join(", ", o.unknown())));
        }
        if (!o.refused().isEmpty()) {
            notes.add(CommandNote.error("These accounts cannot be deleted here: " + String.join(", ", o.refused())));
        }
        return notes;
    }
}
