package net.bluemind.xmpp.bench;

import java.io.PrintStream;

/** What every scenario works with: the options, the client pipeline, the server probe, progress, failures. */
abstract class ScenarioBase implements Scenario, ConnectionListener {

    protected final BenchOptions o;
    protected final ClientPipeline pipeline;
    protected final ServerProcessProbe probe;
    protected final PrintStream progress;
    protected final FailureLog failures = new FailureLog();

    ScenarioBase(BenchOptions o, ClientPipeline pipeline, ServerProcessProbe probe, PrintStream progress) {
        this.o = o;
        this.pipeline = pipeline;
        this.probe = probe;
        this.progress = progress;
    }
}
