package net.bluemind.xmpp.server.adhoc.admin;

import net.bluemind.xmpp.server.adhoc.AdHocCommand;

/** A XEP-0133 command: its node under the admin namespace, its name, for administrators only. */
abstract class AdminCommand implements AdHocCommand {

    private final String node;
    private final String name;

    /** @param action the last part of the node, e.g. "add-user" */
    AdminCommand(String action, String name) {
        this.node = ServiceAdministration.node(action);
        this.name = name;
    }

    @Override
    public final String node() {
        return node;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean adminOnly() {
        return true;
    }
}
