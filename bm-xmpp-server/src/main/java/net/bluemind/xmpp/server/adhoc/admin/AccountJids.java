package net.bluemind.xmpp.server.adhoc.admin;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

import net.bluemind.xmpp.server.adhoc.CommandException;
import net.bluemind.xmpp.spi.VHostRepository;

/**
 * Reads the account JIDs an administrator submitted ({@code accountjid}, {@code accountjids}):
 * malformed ones are a bad payload, accounts of a domain the administrator does not administer are
 * forbidden, and aliases are mapped to their domain's canonical name.
 */
final class AccountJids {

    private final VHostRepository vhosts;

    AccountJids(VHostRepository vhosts) {
        this.vhosts = vhosts;
    }

    /** Exactly one bare JID of {@code domain}. */
    EntityBareJid one(List<String> values, String domain) {
        List<Jid> jids = parse(values, domain, false);
        if (jids.size() != 1) {
            throw CommandException.badPayload("give exactly one account JID");
        }
        return jids.get(0).asEntityBareJidOrThrow();
    }

    /** Bare JIDs of {@code domain} (and full JIDs when {@code allowFull}), without duplicates, in order. */
    List<Jid> parse(List<String> values, String domain, boolean allowFull) {
        Set<Jid> out = new LinkedHashSet<>();
        for (String v : values) {
            if (!v.isBlank()) {
                out.add(parse(v.trim(), domain, allowFull));
            }
        }
        if (out.isEmpty()) {
            throw CommandException.badPayload("no account JID given");
        }
        return new ArrayList<>(out);
    }

    private Jid parse(String value, String domain, boolean allowFull) {
        Jid jid;
        try {
            jid = JidCreate.from(value);
        } catch (XmppStringprepException | IllegalArgumentException e) {
            throw CommandException.badPayload("'" + value + "' is not a JID");
        }
        if (!jid.hasLocalpart()) {
            throw CommandException.badPayload("'" + value + "' is not an account JID");
        }
        if (jid.hasResource() && !allowFull) {
            throw CommandException.badPayload("'" + value + "' has a resource: give the account's bare JID");
        }
        String canonical = vhosts.canonical(jid.getDomain().toString());
        if (!domain.equals(canonical)) {
            throw CommandException.forbidden(value + " is not an account of " + domain + ", the domain you administer");
        }
        try {
            DomainBareJid d = JidCreate.domainBareFrom(canonical);
            EntityBareJid bare = JidCreate.entityBareFrom(jid.getLocalpartOrThrow(), d);
            return jid.hasResource() ? JidCreate.entityFullFrom(bare, jid.getResourceOrThrow()) : bare;
        } catch (XmppStringprepException e) {
            throw CommandException.badPayload("'" + value + "' is not a JID");
        }
    }
}
