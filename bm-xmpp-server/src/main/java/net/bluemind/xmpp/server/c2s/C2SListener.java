package net.bluemind.xmpp.server.c2s;

import java.net.InetSocketAddress;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SniHandler;
import net.bluemind.xmpp.server.admission.AdmissionHandler;
import net.bluemind.xmpp.server.admission.ConnectionAdmission;
import net.bluemind.xmpp.server.config.InboundRateConfig;
import net.bluemind.xmpp.server.config.ListenerConfig;
import net.bluemind.xmpp.server.inbound.InboundShaper;
import net.bluemind.xmpp.server.stream.StreamLimits;
import net.bluemind.xmpp.server.stream.XmppStreamDecoder;
import net.bluemind.xmpp.server.tls.DomainSniMapping;

/**
 * A client listener: STARTTLS on a plain socket (5222) or TLS from the first byte with the
 * certificate chosen by SNI (5223, XEP-0368). After TLS, both run the same pipeline:
 * {@code [tls] → byte-rate → xml (stream decoder) → stanza-rate → c2s (negotiation and stanzas)}; the two
 * shapers of {@code limits.inbound-rate} are left out when turned off (STARTTLS puts its TLS handler first).
 */
public final class C2SListener {

    private final ListenerConfig config;
    private final C2SServices services;
    private final DomainSniMapping sni;
    private final ChannelGroup allChannels;
    private final ConnectionAdmission admission;
    private Channel serverChannel;

    public C2SListener(ListenerConfig config, C2SServices services, DomainSniMapping sni, ChannelGroup allChannels,
                       ConnectionAdmission admission) {
        this.config = config;
        this.services = services;
        this.sni = sni;
        this.allChannels = allChannels;
        this.admission = admission;
    }

    /** Binds the socket; throws when the address is taken or not ours. */
    public void bind(EventLoopGroup boss, EventLoopGroup workers, Class<? extends ServerChannel> channelType) throws InterruptedException {
        int high = services.limits().maxOutboundBytes();
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(high / 2, high))
                .handler(new AdmissionHandler(admission))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        allChannels.add(ch);
                        ChannelPipeline p = ch.pipeline();
                        if (config.directTls()) {
                            p.addLast("tls", new SniHandler(sni));
                        }
                        InboundRateConfig rate = services.limits().inboundRate();
                        if (rate.bytesPerSecond() > 0) {
                            p.addLast("byte-rate", InboundShaper.bytes(rate));
                        }
                        XmppStreamDecoder decoder = new XmppStreamDecoder(StreamLimits.of(services.limits()));
                        p.addLast("xml", decoder);
                        if (rate.stanzasPerSecond() > 0) {
                            p.addLast("stanza-rate", InboundShaper.stanzas(rate));
                        }
                        p.addLast("c2s", new C2SConnection(services, decoder, config.directTls()));
                    }
                });
        serverChannel = b.bind(config.address(), config.port()).sync().channel();
        allChannels.add(serverChannel);
    }

    /** The port actually bound (differs from the configured one when that was 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public ListenerConfig config() {
        return config;
    }

    public String describe() {
        return "c2s " + (config.directTls() ? "direct TLS" : "STARTTLS") + " on " + config.address() + ":" + port();
    }

    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
    }
}
