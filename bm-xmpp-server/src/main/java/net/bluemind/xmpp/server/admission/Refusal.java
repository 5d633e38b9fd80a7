package net.bluemind.xmpp.server.admission;

/** Why a connection was refused at accept: the cap it would have gone over, named by its configuration key. */
enum Refusal {
    TOTAL("limits.connections.max-total"),
    UNAUTHENTICATED("limits.connections.max-unauthenticated"),
    UNAUTHENTICATED_PER_IP("limits.connections.max-unauthenticated-per-ip");

    private final String key;

    Refusal(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }
}
