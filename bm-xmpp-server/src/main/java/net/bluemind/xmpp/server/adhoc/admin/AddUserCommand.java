package net.bluemind.xmpp.server.adhoc.admin;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jxmpp.jid.EntityBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.bluemind.xmpp.server.adhoc.CommandException;
import net.bluemind.xmpp.server.adhoc.CommandNote;
import net.bluemind.xmpp.server.adhoc.CommandRequest;
import net.bluemind.xmpp.server.adhoc.CommandStep;
import net.bluemind.xmpp.server.dataforms.DataForm;
import net.bluemind.xmpp.spi.AccountAdministration;
import net.bluemind.xmpp.xml.StanzaError;

/** XEP-0133 §4.1 Add User: creates an account in the repository, when it lets the server do so. */
final class AddUserCommand extends AdminCommand {

    private static final Logger log = LoggerFactory.getLogger(AddUserCommand.class);

    private final AccountAdministration accounts;
    private final AccountJids jids;

    AddUserCommand(AccountAdministration accounts, AccountJids jids) {
        super("add-user", "Add User");
        this.accounts = accounts;
        this.jids = jids;
    }

    @Override
    public CompletionStage<CommandStep> step(CommandRequest request) {
        if (accounts == null) {
            throw ServiceAdministration.accountsManagedElsewhere();
        }
        if (request.stage() == 0) {
            return CompletableFuture.completedFuture(CommandStep.lastForm(form(request.domain())));
        }
        DataForm form = request.form();
        EntityBareJid jid = jids.one(form.values("accountjid"), request.domain());
        String password = form.value("password");
        if (!password.equals(form.value("password-verify"))) {
            throw CommandException.badPayload("the two passwords differ");
        }
        return accounts.addAccount(jid.toString(), password).thenApply(outcome -> switch (outcome) {
            case DONE -> {
                log.info("{} added the account {}", request.requester().asEntityBareJid(), jid);
                yield CommandStep.completed(null, CommandNote.info("The account " + jid + " was added."));
            }
            case ALREADY_EXISTS -> throw CommandException.of(StanzaError.Condition.CONFLICT, jid + " already exists");
            case NOT_ALLOWED -> throw CommandException.of(StanzaError.Condition.NOT_ALLOWED, jid + " cannot be created here");
            case NOT_FOUND -> throw new IllegalStateException("the repository answered NOT_FOUND to an addition");
        });
    }

    private static DataForm form(String domain) {
        return DataForm.form("Adding a User")
                .instructions("Fill out this form to add a user to " + domain + ".")
                .formType(ServiceAdministration.NS)
                .field("accountjid", "jid-single", "The Jabber ID for the account to be added", true)
                .field("password", "text-private", "The password for this account", true)
                .field("password-verify", "text-private", "Retype password", true)
                .build();
    }
}
