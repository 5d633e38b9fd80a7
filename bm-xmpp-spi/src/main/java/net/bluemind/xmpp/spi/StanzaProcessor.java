package net.bluemind.xmpp.spi;

import java.util.List;
import java.util.Set;

import net.bluemind.xmpp.xml.Element;

/**
 * One protocol feature (Tigase's processor, Prosody's module): it declares which stanzas it takes, the
 * disco features and stream features it adds, and handles what it declared — nothing else.
 *
 * <p>{@link #process} runs on the sender's connection thread, in the order the sender sent its stanzas.
 * It must not block: work that waits on another system goes to {@link StanzaContext#background()}
 * and answers from there.
 */
public interface StanzaProcessor {

    /** A short stable name, for logs and configuration ("ping", "disco", "version"). */
    String id();

    /** The stanzas this processor handles. */
    List<Route> routes();

    /** The disco#info features it adds for an entity of that kind. */
    default Set<String> discoFeatures(Route.Target target) {
        return Set.of();
    }

    /** Stream features it offers to an authenticated client before and after bind. */
    default List<Element> streamFeatures() {
        return List.of();
    }

    /**
     * Whether it takes this payload among those its routes match (default: all). Lets a plugin take a
     * slice of a namespace the engine also handles, e.g. two PEP nodes of pubsub.
     */
    default boolean accepts(Element payload) {
        return true;
    }

    void process(StanzaContext context);
}
