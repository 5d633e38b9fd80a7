package net.bluemind.xmpp.server.storage;

/**
 * The user-data store cannot start: unknown type, database unreachable, schema migration failed.
 * The message is one line naming the database (password masked) and the cause, fit for the console.
 */
public final class StorageException extends RuntimeException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
