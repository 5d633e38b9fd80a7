package net.bluemind.xmpp.server.pep;

/** Ends a pubsub request with its error; expected, so it carries no stack trace. */
final class PubsubException extends RuntimeException {

    private final PubsubError error;

    PubsubException(PubsubError error) {
        super(error.error().condition().xml() + (error.pubsubCondition() == null ? "" : "/" + error.pubsubCondition()), null, false, false);
        this.error = error;
    }

    PubsubError error() {
        return error;
    }
}
