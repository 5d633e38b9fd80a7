package net.bluemind.xmpp.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLException;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.EventExecutor;

/**
 * Transport for all connections of a run: event loops, bootstrap, TLS and local address selection.
 *
 * <p>
 * Scenarios choose the event loop of each connection so that connections that talk to each other (a message pair)
 * share one loop and need no cross-thread hand-off.
 */
final class ClientPipeline implements AutoCloseable {

    /** Linux default ephemeral range is 32768-60999; used only to warn before a run that cannot fit. */
    private static final int DEFAULT_EPHEMERAL_PORTS = 28232;

    private final EventLoopGroup group;
    private final List<EventLoop> loops = new ArrayList<>();
    private final Bootstrap template;
    private final InetSocketAddress remote;
    private final List<InetAddress> sources;
    private final AtomicLong sourceCursor = new AtomicLong();
    private final AtomicLong loopCursor = new AtomicLong();
    private final ConnectionSettings baseSettings;
    private final boolean epoll;

    ClientPipeline(BenchOptions o) throws SSLException {
        this.epoll = Epoll.isAvailable();
        this.group = epoll ? new EpollEventLoopGroup(o.ioThreads()) : new NioEventLoopGroup(o.ioThreads());
        for (EventExecutor e : group) {
            loops.add((EventLoop) e);
        }
        this.remote = new InetSocketAddress(o.host(), o.port());
        this.sources = o.sourceAddresses();
        long timeoutMillis = o.loginTimeoutSeconds() * 1000L;
        ClientTls tls = o.tls() == TlsMode.NONE ? null : new ClientTls(o.domain(), timeoutMillis);
        this.baseSettings = new ConnectionSettings(o.domain(), o.password(), o.resource(), o.tls(), tls,
                o.presence(), timeoutMillis, 5000);

        Bootstrap b = new Bootstrap().channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
        if (epoll && !sources.isEmpty()) {
            // Let connect() pick the local port for the full 4-tuple instead of bind() reserving one per address:
            // without it each source address is limited to one ephemeral range for all destinations.
            b.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        }
        this.template = b;
    }

    List<EventLoop> loops() {
        return loops;
    }

    /** Round-robin over the event loops, for connections that have no affinity. */
    EventLoop nextLoop() {
        return loops.get((int) (loopCursor.getAndIncrement() % loops.size()));
    }

    ConnectionSettings settings() {
        return baseSettings;
    }

    ConnectionSettings settingsWithoutPresence() {
        return baseSettings.withoutPresence();
    }

    String transportName() {
        return epoll ? "epoll" : "nio";
    }

    String tlsProviderName() {
        return baseSettings.tls() == null ? "none" : baseSettings.tls().providerName();
    }

    /**
     * Starts connecting {@code conn} on {@code loop}. Always hands off to the loop's task queue, so that callers
     * reacting to a finished login (on an event loop) never recurse into the next connect.
     */
    void connect(XmppClientConnection conn, EventLoop loop) {
        loop.execute(() -> {
            conn.connecting();
            Bootstrap b = template.clone(loop).handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    if (baseSettings.tlsMode() == TlsMode.DIRECT) {
                        ch.pipeline().addLast("tls", baseSettings.tls().newHandler(ch.alloc()));
                    }
                    ch.pipeline().addLast("xmpp", conn);
                }
            });
            ChannelFuture f = sources.isEmpty() ? b.connect(remote)
                    : b.connect(remote, new InetSocketAddress(nextSource(), 0));
            f.addListener((ChannelFuture done) -> {
                if (!done.isSuccess()) {
                    conn.connectFailed(done.cause());
                }
            });
        });
    }

    private InetAddress nextSource() {
        return sources.get((int) (sourceCursor.getAndIncrement() % sources.size()));
    }

    /**
     * Closes connections politely (see {@link XmppClientConnection#close()}) and waits until all channels are closed
     * or the timeout expires. Returns how many were still open at the end.
     */
    long closeAll(Collection<XmppClientConnection> connections, long timeoutMillis) throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(connections.size());
        for (XmppClientConnection c : connections) {
            ChannelFuture f = c.close();
            if (f == null) {
                latch.countDown();
            } else {
                f.addListener(x -> latch.countDown());
            }
        }
        latch.await(timeoutMillis, TimeUnit.MILLISECONDS);
        return latch.getCount();
    }

    /** A warning when the run needs more local ports than the source addresses provide, or null. */
    String portBudgetWarning(long concurrentConnections) {
        int perAddress = ephemeralPorts();
        long budget = (long) perAddress * Math.max(1, sources.size());
        if (concurrentConnections <= budget) {
            return null;
        }
        return concurrentConnections + " connections to one server address need more than the " + perAddress
                + " ephemeral ports of " + Math.max(1, sources.size())
                + " source address(es); add --source-addresses 127.0.0.1,127.0.0.2,...";
    }

    private static int ephemeralPorts() {
        try {
            String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            return Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1;
        } catch (Exception e) {
            return DEFAULT_EPHEMERAL_PORTS;
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
