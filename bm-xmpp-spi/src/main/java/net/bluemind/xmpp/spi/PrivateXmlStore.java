package net.bluemind.xmpp.spi;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Private XML storage (XEP-0049): one serialized element per user and (name, namespace). */
public interface PrivateXmlStore {

    /** The stored element for (name, namespace), serialized, or empty. */
    CompletionStage<Optional<String>> privateXml(String user, String elementName, String namespace);

    CompletionStage<Void> putPrivateXml(String user, String elementName, String namespace, String xml);
}
