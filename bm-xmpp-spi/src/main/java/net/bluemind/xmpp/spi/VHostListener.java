package net.bluemind.xmpp.spi;

/** Hears of changes in the served domains. Called on the repository's thread: do not block. */
public interface VHostListener {

    void added(VHostRepository.VHost vhost);

    void removed(VHostRepository.VHost vhost);

    /** The domain's aliases changed; {@code before} has the old set. */
    default void changed(VHostRepository.VHost before, VHostRepository.VHost after) {
    }
}
