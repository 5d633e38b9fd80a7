package net.bluemind.xmpp.server.hooks;

import java.util.List;
import java.util.function.Consumer;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;

import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.Receipt;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.StanzaError;

/**
 * A message on its way to a local user, as the hooks of {@link StanzaHooks} see it from routing to delivery or
 * storage: who sent it, the stanza as sent and as the recipient gets it, the stanza id both parties know it by.
 */
public final class LocalMessage implements OutgoingMessage {

    private final String senderBareJid;
    private final String senderResource;
    private final ClientSession senderSession;
    private final Receipt receipt;
    private final Consumer<StanzaError> bounce;
    private final Element sent;
    private final EntityBareJid recipient;
    private final Jid addressee;
    private final String type;
    private final String stanzaId;
    private final boolean redelivery;
    private Element stanza;
    private String toResource;
    private List<ClientSession> receivers = List.of();

    private LocalMessage(String senderBareJid, String senderResource, ClientSession senderSession, Receipt receipt,
                         Consumer<StanzaError> bounce, Element sent, Jid addressee, EntityBareJid recipient, String type,
                         String stanzaId, boolean redelivery) {
        this.senderBareJid = senderBareJid;
        this.senderResource = senderResource;
        this.senderSession = senderSession;
        this.receipt = receipt;
        this.bounce = bounce;
        this.sent = sent;
        this.stanza = sent;
        this.addressee = addressee;
        this.recipient = recipient;
        this.type = type;
        this.stanzaId = stanzaId;
        this.redelivery = redelivery;
    }

    /**
     * From a local client: errors go back to its session, its stanza's receipt waits for what the hooks store.
     *
     * @param to the addressee as written (bare or full), canonical domain
     */
    public static LocalMessage fromClient(ClientSession sender, Element message, Jid to, String type, String stanzaId) {
        return new LocalMessage(sender.bareJid().toString(), sender.fullJid().getResourcepart().toString(), sender, sender.receipt(),
                null, message, to, to.asEntityBareJidIfPossible(), type, stanzaId, false);
    }

    /**
     * From another server's user (or the server itself): errors go through {@code bounce}, nothing is counted.
     *
     * @param senderResource null for a bare JID
     */
    public static LocalMessage fromElsewhere(String senderBareJid, String senderResource, Consumer<StanzaError> bounce,
                                             Element message, EntityBareJid recipient, String type, String stanzaId) {
        return new LocalMessage(senderBareJid, senderResource, null, Receipt.NONE, bounce, message, recipient, recipient, type,
                stanzaId, false);
    }

    /**
     * A message a resource of {@code recipient} was given and never acknowledged (its session ended): delivered again,
     * already archived and carbon-copied the first time.
     */
    public static LocalMessage redelivery(Element message, EntityBareJid recipient, String type, Consumer<StanzaError> bounce) {
        return new LocalMessage(null, null, null, Receipt.NONE, bounce, message, recipient, recipient, type, null, true);
    }

    /** The sender's bare JID; null for a redelivery. */
    public String senderBareJid() {
        return senderBareJid;
    }

    /** The sender's resource, or null. */
    public String senderResource() {
        return senderResource;
    }

    /** The local session that sent it, or null when it came from another server or is redelivered. */
    public ClientSession senderSession() {
        return senderSession;
    }

    /** Whether a local user sent it (its archive is ours to fill). */
    public boolean fromLocalUser() {
        return senderSession != null;
    }

    /**
     * The sender's stanza: a handler starting durable work for the message takes a {@link Receipt#hold()} on
     * the hook's thread and releases it once the work is durable or the sender was told it failed.
     */
    public Receipt receipt() {
        return receipt;
    }

    /** Answers the sender with an error (unless the message was one). */
    public void bounce(StanzaError error) {
        if (bounce == null) {
            Bounces.bounce(senderSession, sent, error); // a local sender: no function kept per message
        } else {
            bounce.accept(error);
        }
    }

    /** The message as its sender sent it ({@code from} stamped). */
    public Element sent() {
        return sent;
    }

    /** The local session that sent it, or null ({@link OutgoingMessage}: only fired for local senders). */
    @Override
    public ClientSession sender() {
        return senderSession;
    }

    @Override
    public Element message() {
        return sent;
    }

    /** The addressee as the sender wrote it (for a remote sender or a redelivery: the recipient's bare JID). */
    @Override
    public Jid to() {
        return addressee;
    }

    /** The message as the recipient gets it: the sent one, rewritten by the handlers of {@link StanzaHooks#messageToLocal}. */
    public Element stanza() {
        return stanza;
    }

    public void stanza(Element rewritten) {
        this.stanza = rewritten;
    }

    public EntityBareJid recipient() {
        return recipient;
    }

    /** The resource it was delivered to as addressed (a full JID), or null when it went by the bare JID's rules. */
    public String toResource() {
        return toResource;
    }

    public void toResource(String resource) {
        this.toResource = resource;
    }

    /** {@code chat}, {@code normal} (also for no type), {@code headline}... */
    public String type() {
        return type;
    }

    /** The id the recipient's archive and stanza-id know it by (XEP-0359); null for a redelivery. */
    public String stanzaId() {
        return stanzaId;
    }

    /** Whether it is a redelivery: archived and copied once already. */
    public boolean redelivery() {
        return redelivery;
    }

    /** The recipient's sessions that were given it (empty when undelivered). */
    public List<ClientSession> receivers() {
        return receivers;
    }

    public void receivers(List<ClientSession> delivered) {
        this.receivers = delivered;
    }
}
