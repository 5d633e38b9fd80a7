package net.bluemind.xmpp.server.archive;

import net.bluemind.xmpp.spi.MessageArchive;

/** The archive contract on the in-memory archive. */
class MemoryArchiveContractTest extends MessageArchiveContract {

    @Override
    protected MessageArchive newArchive() {
        return new MemoryMessageArchive();
    }
}
