package net.bluemind.xmpp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;

/** A real unix datagram socket plays systemd's notification socket. */
class SystemdNotifyTest {

    private EventLoopGroup group;
    private Channel listener;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void epoll() {
        assumeTrue(Epoll.isAvailable(), "Netty epoll (Linux) is needed");
        group = new EpollEventLoopGroup(1);
    }

    @AfterEach
    void close() throws InterruptedException {
        if (listener != null) {
            listener.close().sync();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private void listen(String address) throws InterruptedException {
        listener = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket p) {
                        received.add(p.content().toString(StandardCharsets.UTF_8));
                    }
                })
                .bind(new DomainSocketAddress(address)).sync().channel();
    }

    @Test
    void readyArrivesOnAPathSocket(@TempDir Path dir) throws Exception {
        String path = dir.resolve("notify").toString();
        listen(path);
        SystemdNotify.send(path, "READY=1\nSTATUS=ready");
        assertEquals("READY=1\nSTATUS=ready", received.poll(5, TimeUnit.SECONDS));
        SystemdNotify.send(path, "STOPPING=1");
        assertEquals("STOPPING=1", received.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void readyArrivesOnAnAbstractSocket() throws Exception {
        String name = "bm-xmpp-test-" + UUID.randomUUID();
        listen("\0" + name);
        SystemdNotify.send("@" + name, "READY=1");
        String message = received.poll(5, TimeUnit.SECONDS);
        assertNotNull(message, "nothing arrived on the abstract socket @" + name);
        assertEquals("READY=1", message);
    }

    @Test
    void aMissingSocketIsAnError(@TempDir Path dir) {
        assertThrows(IOException.class, () -> SystemdNotify.send(dir.resolve("nobody").toString(), "READY=1"));
        assertThrows(IOException.class, () -> SystemdNotify.send("relative/path", "READY=1"));
    }
}
