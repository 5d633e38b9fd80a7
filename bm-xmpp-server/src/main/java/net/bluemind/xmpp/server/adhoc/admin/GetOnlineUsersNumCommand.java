package net.bluemind.xmpp.server.adhoc.admin;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import net.bluemind.xmpp.server.adhoc.CommandRequest;
import net.bluemind.xmpp.server.adhoc.CommandStep;
import net.bluemind.xmpp.server.dataforms.DataForm;
import net.bluemind.xmpp.server.session.SessionManager;

/** XEP-0133 §4.15 Get Number of Online Users, of the administered domain; answers at once. */
final class GetOnlineUsersNumCommand extends AdminCommand {

    private final SessionManager sessions;

    GetOnlineUsersNumCommand(SessionManager sessions) {
        super("get-online-users-num", "Get Number of Online Users");
        this.sessions = sessions;
    }

    @Override
    public CompletionStage<CommandStep> step(CommandRequest request) {
        int count = OnlineUsers.of(sessions, request.domain()).size();
        return CompletableFuture.completedFuture(CommandStep.completed(DataForm.result(null)
                .formType(ServiceAdministration.NS)
                .field("onlineusersnum", "text-single", "The number of online users", false, Integer.toString(count))
                .build()));
    }
}
