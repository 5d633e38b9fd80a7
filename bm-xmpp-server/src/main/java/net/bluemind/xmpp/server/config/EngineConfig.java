package net.bluemind.xmpp.server.config;

/**
 * @param ioThreads      Netty event-loop threads; 0 means 2 × cores
 * @param name           the software name answered to XEP-0092 version queries
 * @param revealOs       whether XEP-0092 answers include the operating system
 * @param resumeTimeoutSeconds how long a session whose connection dropped waits for a XEP-0198
 *                       resumption (the most a client may ask for)
 */
public record EngineConfig(Integer ioThreads, String name, Boolean revealOs, Integer resumeTimeoutSeconds) {
    public EngineConfig {
        ioThreads = ioThreads == null ? 0 : ioThreads;
        name = name == null ? "bm-xmpp" : name;
        revealOs = revealOs != null && revealOs;
        resumeTimeoutSeconds = resumeTimeoutSeconds == null ? 300 : resumeTimeoutSeconds;
    }
}
