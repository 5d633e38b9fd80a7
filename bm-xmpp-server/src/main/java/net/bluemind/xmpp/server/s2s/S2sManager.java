package net.bluemind.xmpp.server.s2s;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import net.bluemind.xmpp.server.config.LimitsConfig;
import net.bluemind.xmpp.server.config.S2sConfig;
import net.bluemind.xmpp.server.hooks.RemoteRouter;
import net.bluemind.xmpp.server.memory.MemoryBudget;
import net.bluemind.xmpp.server.stream.StreamLimits;
import net.bluemind.xmpp.server.stream.XmppStreamDecoder;
import net.bluemind.xmpp.server.tls.CertificateStore;
import net.bluemind.xmpp.server.tls.PeerCertificateVerifier;
import net.bluemind.xmpp.spi.VHostRepository;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.StanzaError;

/**
 * Federation: the {@link RemoteRouter} the router hands stanzas for other domains to. Keeps one
 * outgoing stream per (local domain, remote domain), opened on the first stanza and closed when idle;
 * stanzas wait while it is set up and bounce (remote-server-not-found, remote-server-timeout) when it
 * cannot be. Incoming streams' checked stanzas go to the local router.
 */
public final class S2sManager implements RemoteRouter {

    private static final Logger log = LoggerFactory.getLogger(S2sManager.class);
    private static final AtomicLong IDS = new AtomicLong();

    private final S2sServices services;
    private final MemoryBudget memory;
    private final S2sResolver resolver;
    private final Executor background;
    private final ConcurrentMap<String, OutboundLink> links = new ConcurrentHashMap<>();
    private volatile EventLoopGroup workers;
    private volatile Class<? extends SocketChannel> channelType;
    /** Where incoming stanzas go (the router's remote entry) and where bounces go (local delivery). */
    private volatile Consumer<Element> inbound = e -> { };
    private volatile Consumer<Element> local = e -> { };

    public S2sManager(S2sConfig config, VHostRepository vhosts, CertificateStore certificates, LimitsConfig limits, Executor background) {
        this(config, vhosts, certificates, limits, background, null);
    }

    /** @param memory the server-wide memory budget the links' queues count in, or null */
    public S2sManager(S2sConfig config, VHostRepository vhosts, CertificateStore certificates, LimitsConfig limits, Executor background,
                      MemoryBudget memory) {
        this.memory = memory;
        this.services = new S2sServices(config, vhosts, certificates, new PeerCertificateVerifier(config.caFile()),
                new DialbackKeys(config.dialbackSecret()), new FederationPolicy(config), limits);
        this.resolver = new S2sResolver(config.routes());
        this.background = background;
    }

    /** Wiring, once the router exists: incoming stanzas, and error replies to local senders. */
    public void bind(Consumer<Element> incomingStanzas, Consumer<Element> localDelivery) {
        this.inbound = incomingStanzas;
        this.local = localDelivery;
    }

    /** Outgoing connections use these, once the server's event loops exist. */
    public void start(EventLoopGroup group, Class<? extends SocketChannel> type) {
        this.workers = group;
        this.channelType = type;
    }

    @Override
    public boolean isRemote(Jid to) {
        return services.vhosts().canonical(to.getDomain().toString()) == null;
    }

    @Override
    public boolean route(Element stanza) {
        Jid from = jid(stanza.attribute("from"));
        Jid to = jid(stanza.attribute("to"));
        if (from == null || to == null || workers == null) {
            return false;
        }
        String localDomain = services.vhosts().canonical(from.getDomain().toString());
        String remote = to.getDomain().toString().toLowerCase(Locale.ROOT);
        if (localDomain == null || !services.config().enabled() || !services.policy().allows(localDomain, remote)) {
            return false;
        }
        String key = localDomain + ' ' + remote;
        while (true) {
            OutboundLink link = links.computeIfAbsent(key, k -> open(localDomain, remote));
            if (link.offer(stanza)) {
                return true;
            }
            if (link.state() != OutboundLink.State.CLOSED) {
                bounce(stanza, StanzaError.of(StanzaError.Condition.RESOURCE_CONSTRAINT, "too many stanzas waiting for " + remote));
                return true;
            }
            links.remove(key, link);
        }
    }

    private OutboundLink open(String localDomain, String remote) {
        OutboundLink link = new OutboundLink(localDomain, remote, services.config().maxQueuedStanzas(),
                services.config().maxQueuedBytes(), memory);
        int timeout = services.config().connectTimeoutSeconds();
        ScheduledFuture<?> deadline = workers.next().schedule(() -> {
            if (link.state() == OutboundLink.State.CONNECTING) {
                fail(link, StanzaError.Condition.REMOTE_SERVER_TIMEOUT, "no authenticated stream within " + timeout + " s");
            }
        }, timeout, TimeUnit.SECONDS);
        log.debug("opening a stream {}", link);
        background.execute(() -> connect(link, resolver.resolve(remote), 0, deadline));
        return link;
    }

    /** Tries the targets in order; the first that connects carries the stream. */
    private void connect(OutboundLink link, List<S2sResolver.Target> targets, int index, ScheduledFuture<?> deadline) {
        if (link.state() != OutboundLink.State.CONNECTING) {
            return;
        }
        if (index >= targets.size()) {
            fail(link, StanzaError.Condition.REMOTE_SERVER_NOT_FOUND, "cannot connect to " + link.remote + " (tried " + targets + ")");
            return;
        }
        S2sResolver.Target target = targets.get(index);
        InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
        if (address.isUnresolved()) {
            connect(link, targets, index + 1, deadline);
            return;
        }
        String streamId = "s2s-out-" + Long.toString(IDS.incrementAndGet(), 36);
        S2sOutboundStream.Outcome outcome = new S2sOutboundStream.Outcome() {
            @Override
            public void ready(S2sOutboundStream stream) {
                deadline.cancel(false);
                if (!link.ready(stream)) {
                    stream.closeIdle();
                }
            }

            @Override
            public void verified(boolean valid) {
                // link streams ask no verification question
            }

            @Override
            public void ended(String why, boolean afterReady) {
                if (afterReady) {
                    closed(link);
                } else {
                    fail(link, StanzaError.Condition.REMOTE_SERVER_NOT_FOUND, why);
                }
            }
        };
        ChannelFuture f = bootstrap(link.local, link.remote, target, link, null, outcome, streamId).connect(address);
        f.addListener(done -> {
            if (!done.isSuccess()) {
                log.debug("{}: {} unreachable: {}", link, target, done.cause() == null ? "?" : done.cause().getMessage());
                background.execute(() -> connect(link, targets, index + 1, deadline));
            } else if (link.state() == OutboundLink.State.CLOSED) {
                f.channel().close();
            }
        });
        // At the deadline a stream still negotiating is dropped with its link (the task closed it first).
        deadline.addListener(d -> {
            if (!d.isCancelled() && link.state() == OutboundLink.State.CLOSED) {
                f.channel().close();
            }
        });
    }

    private Bootstrap bootstrap(String localDomain, String remote, S2sResolver.Target target, OutboundLink link,
                                S2sOutboundStream.VerifyQuestion question, S2sOutboundStream.Outcome outcome, String id) {
        int high = services.limits().maxOutboundBytes();
        return new Bootstrap().group(workers).channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, services.config().connectTimeoutSeconds() * 1000)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(high / 2, high))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (target.directTls()) {
                            p.addLast("tls", services.clientContext(localDomain).newHandler(ch.alloc(), remote, target.port()));
                        }
                        XmppStreamDecoder decoder = new XmppStreamDecoder(StreamLimits.of(services.limits()));
                        p.addLast("xml", decoder);
                        p.addLast("idle", new IdleStateHandler(0, 0, services.config().idleTimeoutSeconds()));
                        p.addLast("s2s-out", new S2sOutboundStream(services, decoder, localDomain, remote, link, question,
                                target.directTls(), outcome, id));
                    }
                });
    }

    /** Sets up an incoming stream's pipeline (the listener's child channels). */
    void initInbound(ChannelPipeline p) {
        XmppStreamDecoder decoder = new XmppStreamDecoder(StreamLimits.of(services.limits()));
        p.addLast("xml", decoder);
        p.addLast("idle", new IdleStateHandler(0, 0, services.config().idleTimeoutSeconds()));
        p.addLast("s2s-in", new S2sInboundStream(services, this, decoder, "s2s-in-" + Long.toString(IDS.incrementAndGet(), 36)));
    }

    /**
     * XEP-0220 §2.1.2, as receiving server: asks the authoritative server of {@code remote}, over a fresh
     * stream, whether {@code key} is the one it gave for {@code streamId}. False on any failure.
     */
    CompletableFuture<Boolean> verifyDialback(String localDomain, String remote, String streamId, String key) {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        int timeout = services.config().connectTimeoutSeconds();
        workers.next().schedule(() -> answer.complete(false), timeout, TimeUnit.SECONDS);
        background.execute(() -> askAuthoritative(localDomain, remote, streamId, key, resolver.resolve(remote), 0, answer));
        return answer;
    }

    private void askAuthoritative(String localDomain, String remote, String streamId, String key, List<S2sResolver.Target> targets,
                                  int index, CompletableFuture<Boolean> answer) {
        if (index >= targets.size() || answer.isDone()) {
            answer.complete(false);
            return;
        }
        S2sResolver.Target target = targets.get(index);
        InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
        if (address.isUnresolved()) {
            askAuthoritative(localDomain, remote, streamId, key, targets, index + 1, answer);
            return;
        }
        ChannelFuture f = bootstrap(localDomain, remote, target, null, new S2sOutboundStream.VerifyQuestion(streamId, key),
                verification(answer), "s2s-verify-" + Long.toString(IDS.incrementAndGet(), 36)).connect(address);
        f.addListener(done -> {
            if (!done.isSuccess()) {
                background.execute(() -> askAuthoritative(localDomain, remote, streamId, key, targets, index + 1, answer));
            }
        });
        answer.whenComplete((v, e) -> f.channel().close());
    }

    private static S2sOutboundStream.Outcome verification(CompletableFuture<Boolean> answer) {
        return new S2sOutboundStream.Outcome() {
            @Override
            public void ready(S2sOutboundStream stream) {
                // a verification stream never carries stanzas
            }

            @Override
            public void verified(boolean valid) {
                answer.complete(valid);
            }

            @Override
            public void ended(String why, boolean afterReady) {
                answer.complete(false);
            }
        };
    }

    /** A checked stanza from an authenticated incoming stream. */
    void incoming(Element stanza) {
        inbound.accept(stanza);
    }

    private void fail(OutboundLink link, StanzaError.Condition condition, String why) {
        if (link.state() == OutboundLink.State.CLOSED) {
            return;
        }
        links.remove(link.local + ' ' + link.remote, link);
        List<Element> waiting = link.close();
        log.info("stream {} failed ({}): {} stanza(s) bounced with {}", link, why, waiting.size(), condition.xml());
        for (Element e : waiting) {
            bounce(e, StanzaError.of(condition, why));
        }
    }

    /** An authenticated stream ended (idle, or closed by the peer): what it had not written goes to a new one. */
    private void closed(OutboundLink link) {
        links.remove(link.local + ' ' + link.remote, link);
        List<Element> left = link.close();
        log.debug("stream {} closed; {} stanza(s) sent again", link, left.size());
        for (Element e : left) {
            if (!route(e)) {
                bounce(e, StanzaError.of(StanzaError.Condition.REMOTE_SERVER_NOT_FOUND));
            }
        }
    }

    /** The error reply to a stanza that could not be delivered, to its local sender; presence broadcasts are not answered. */
    private void bounce(Element stanza, StanzaError error) {
        String type = stanza.attribute("type");
        if ("error".equals(type) || "presence".equals(stanza.name()) && (type == null || "unavailable".equals(type) || "probe".equals(type))) {
            return;
        }
        local.accept(error.replyTo(stanza));
    }

    private static Jid jid(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return JidCreate.from(s);
        } catch (XmppStringprepException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Ends every outgoing stream (server shutdown); what was still waiting is dropped. */
    public void close() {
        for (OutboundLink l : links.values()) {
            S2sOutboundStream s = l.stream();
            l.close();
            if (s != null) {
                s.closeIdle();
            }
        }
        links.clear();
    }
}
