package net.bluemind.xmpp.server.disco;

import java.util.List;

import net.bluemind.xmpp.spi.StanzaContext;
import net.bluemind.xmpp.xml.Element;

/**
 * Answers disco#info and disco#items for the nodes of an entity (XEP-0030 §3.2, §4.2) that a feature
 * publishes, such as the ad-hoc commands node. What a node shows may depend on who asks.
 */
public interface DiscoNodeProvider {

    /**
     * The identities and features of {@code node} ({@code <identity/>}, {@code <feature/>} in
     * disco#info), or null when this provider does not publish that node to this requester.
     */
    List<Element> info(StanzaContext ctx, String node);

    /** The {@code <item/>}s (disco#items) of {@code node}, or null when it does not publish that node to this requester. */
    List<Element> items(StanzaContext ctx, String node);
}
