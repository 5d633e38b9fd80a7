package net.bluemind.xmpp.coresim.mq;

/** Publishes bm-mq events; never throws: a bus outage must not break the simulator. */
public interface EventPublisher extends AutoCloseable {

    void publish(BmEvent event);

    @Override
    void close();

    static EventPublisher none() {
        return new EventPublisher() {
            @Override
            public void publish(BmEvent event) {
            }

            @Override
            public void close() {
            }
        };
    }
}
