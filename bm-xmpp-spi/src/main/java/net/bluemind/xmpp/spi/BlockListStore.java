package net.bluemind.xmpp.spi;

import java.util.Set;
import java.util.concurrent.CompletionStage;

/** Block lists (XEP-0191): the JIDs (bare, full or domain) each user blocks. */
public interface BlockListStore {

    CompletionStage<Set<String>> blockList(String user);

    /** Adds JIDs (bare, full or domain) to the block list. */
    CompletionStage<Void> block(String user, Set<String> jids);

    /** Removes JIDs; an empty set clears the list. */
    CompletionStage<Void> unblock(String user, Set<String> jids);
}
