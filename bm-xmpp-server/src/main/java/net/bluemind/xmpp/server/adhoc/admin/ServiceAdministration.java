package net.bluemind.xmpp.server.adhoc.admin;

import java.util.List;

import net.bluemind.xmpp.server.adhoc.AdHocCommand;
import net.bluemind.xmpp.server.adhoc.CommandException;
import net.bluemind.xmpp.server.session.SessionManager;
import net.bluemind.xmpp.spi.AccountAdministration;
import net.bluemind.xmpp.spi.UserDataRepository;
import net.bluemind.xmpp.spi.VHostRepository;
import net.bluemind.xmpp.xml.StanzaError;

/**
 * XEP-0133 service administration: the ad-hoc commands a server administrator runs on the accounts
 * and sessions of the domain they administer (their own JID's domain, aliases included).
 */
public final class ServiceAdministration {

    /** The namespace of the commands' nodes and the FORM_TYPE of their forms. */
    public static final String NS = "http://jabber.org/protocol/admin";

    private ServiceAdministration() {
    }

    /**
     * The commands, in the order they are listed.
     *
     * @param accounts the account repository's administration, or null when accounts are managed
     *                 elsewhere (add-user and delete-user then answer {@code not-allowed})
     */
    public static List<AdHocCommand> commands(SessionManager sessions, VHostRepository vhosts, UserDataRepository userData,
                                              AccountAdministration accounts) {
        AccountJids jids = new AccountJids(vhosts);
        return List.of(
                new AddUserCommand(accounts, jids),
                new DeleteUserCommand(accounts, userData, sessions, jids),
                new EndUserSessionCommand(sessions, jids),
                new GetOnlineUsersListCommand(sessions),
                new GetOnlineUsersNumCommand(sessions));
    }

    static String node(String name) {
        return NS + "#" + name;
    }

    /** The refusal of a repository that does not let the XMPP server create or delete accounts. */
    static CommandException accountsManagedElsewhere() {
        return CommandException.of(StanzaError.Condition.NOT_ALLOWED,
                "accounts are managed by the directory (BlueMind), not by the XMPP server");
    }
}
