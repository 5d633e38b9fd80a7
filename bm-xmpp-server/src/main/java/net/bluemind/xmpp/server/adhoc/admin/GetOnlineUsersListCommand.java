package net.bluemind.xmpp.server.adhoc.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import net.bluemind.xmpp.server.adhoc.CommandException;
import net.bluemind.xmpp.server.adhoc.CommandNote;
import net.bluemind.xmpp.server.adhoc.CommandRequest;
import net.bluemind.xmpp.server.adhoc.CommandStep;
import net.bluemind.xmpp.server.dataforms.DataForm;
import net.bluemind.xmpp.server.dataforms.FormField;
import net.bluemind.xmpp.server.session.SessionManager;

/**
 * XEP-0133 §4.20 Get List of Online Users, of the administered domain: first a form for the
 * maximum number of users to show (none = all), then the list, sorted.
 */
final class GetOnlineUsersListCommand extends AdminCommand {

    private static final List<String> MAX_ITEMS = List.of("25", "50", "75", "100", "150", "200");

    private final SessionManager sessions;

    GetOnlineUsersListCommand(SessionManager sessions) {
        super("get-online-users-list", "Get List of Online Users");
        this.sessions = sessions;
    }

    @Override
    public CompletionStage<CommandStep> step(CommandRequest request) {
        if (request.stage() == 0) {
            return CompletableFuture.completedFuture(CommandStep.lastForm(form()));
        }
        int max = maxItems(request.form().value("max_items"));
        List<String> users = OnlineUsers.of(sessions, request.domain());
        List<String> shown = users.size() > max ? users.subList(0, max) : users;
        DataForm result = DataForm.result(null)
                .formType(ServiceAdministration.NS)
                .values("onlineuserjids", "jid-multi", "The list of all online users", shown)
                .build();
        CommandNote note = CommandNote.info(shown.size() == users.size()
                ? users.size() + " online user(s)." : "The first " + shown.size() + " of " + users.size() + " online users.");
        return CompletableFuture.completedFuture(CommandStep.completed(result, note));
    }

    private static DataForm form() {
        List<FormField.Option> options = new ArrayList<>();
        for (String n : MAX_ITEMS) {
            options.add(new FormField.Option(n, n));
        }
        options.add(new FormField.Option("None", "none"));
        return DataForm.form("Requesting List of Online Users")
                .instructions("Fill out this form to request the online users of this service.")
                .formType(ServiceAdministration.NS)
                .listSingle("max_items", "Maximum number of items to show", options)
                .build();
    }

    private static int maxItems(String value) {
        if (value == null || value.isBlank() || value.equals("none")) {
            return Integer.MAX_VALUE;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw CommandException.badPayload("max_items must be a positive number or 'none'");
    }
}
