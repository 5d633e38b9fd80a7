package net.bluemind.xmpp.server.s2s;

import java.net.InetSocketAddress;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import net.bluemind.xmpp.server.admission.AdmissionHandler;
import net.bluemind.xmpp.server.admission.ConnectionAdmission;
import net.bluemind.xmpp.server.config.ListenerConfig;

/** The server-to-server listener (5269): {@code xml (stream decoder) → idle → s2s-in}, TLS added by STARTTLS. */
public final class S2sListener {

    private final ListenerConfig config;
    private final S2sManager manager;
    private final ChannelGroup allChannels;
    private final ConnectionAdmission admission;
    private Channel serverChannel;

    public S2sListener(ListenerConfig config, S2sManager manager, ChannelGroup allChannels, ConnectionAdmission admission) {
        this.config = config;
        this.manager = manager;
        this.allChannels = allChannels;
        this.admission = admission;
    }

    public void bind(EventLoopGroup boss, EventLoopGroup workers, Class<? extends ServerChannel> channelType) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .handler(new AdmissionHandler(admission))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        allChannels.add(ch);
                        manager.initInbound(ch.pipeline());
                    }
                });
        serverChannel = b.bind(config.address(), config.port()).sync().channel();
        allChannels.add(serverChannel);
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public String describe() {
        return "s2s STARTTLS on " + config.address() + ":" + port();
    }

    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
    }
}
