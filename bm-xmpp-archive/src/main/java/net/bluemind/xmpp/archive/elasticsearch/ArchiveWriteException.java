package net.bluemind.xmpp.archive.elasticsearch;

/** Elasticsearch refused part of a batch for a reason that may pass (overload, a node down): retry it. */
public final class ArchiveWriteException extends RuntimeException {

    public ArchiveWriteException(String message) {
        super(message);
    }
}
