package net.bluemind.xmpp.spi;

import java.util.List;

/**
 * One page of a MAM query.
 *
 * @param messages oldest first, whatever the paging direction
 * @param count    how many messages match the query's filters in all (RSM {@code <count/>}), ignoring the
 *                 paging bounds {@code rsmAfter}/{@code rsmBefore}
 * @param complete whether no further matching message exists in the paging direction: after the last
 *                 message going forwards, before the first going backwards (MAM {@code <fin complete/>})
 * @param firstIndex the position of the first message among all {@code count} (RSM {@code <first index/>}),
 *                 or -1 when not known
 */
public record ArchivePage(List<ArchivedMessage> messages, long count, boolean complete, long firstIndex) {

    public ArchivePage {
        messages = List.copyOf(messages);
    }
}
