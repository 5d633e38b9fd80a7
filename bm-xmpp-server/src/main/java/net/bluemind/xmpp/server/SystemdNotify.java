package net.bluemind.xmpp.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * systemd's {@code sd_notify} protocol: one datagram to the unix socket named by {@code $NOTIFY_SOCKET}
 * ({@code Type=notify} units). A name starting with {@code @} is in the abstract namespace. The JDK has no unix
 * datagram socket, so this uses Netty's epoll transport, already there for the listeners. Sent from the JVM
 * itself, the main process of the unit, so the default {@code NotifyAccess=main} accepts it; calling
 * {@code systemd-notify} instead races with its own exit (systemd may no longer know which unit it belongs to).
 * Without {@code $NOTIFY_SOCKET} (not under systemd) nothing is sent.
 */
public final class SystemdNotify {

    public static final String SOCKET_VARIABLE = "NOTIFY_SOCKET";
    private static final Logger log = LoggerFactory.getLogger(SystemdNotify.class);
    private static final long TIMEOUT_SECONDS = 5;

    private SystemdNotify() {
    }

    /** {@code READY=1}: the listeners are up. Returns whether a message was sent. */
    public static boolean ready(String status) {
        return notifyFromEnvironment("READY=1\nSTATUS=" + status.replace('\n', ' ') + "\nMAINPID=" + ProcessHandle.current().pid());
    }

    /** {@code STOPPING=1}: the server is shutting down. Returns whether a message was sent. */
    public static boolean stopping() {
        return notifyFromEnvironment("STOPPING=1\nSTATUS=stopping");
    }

    private static boolean notifyFromEnvironment(String message) {
        String socket = System.getenv(SOCKET_VARIABLE);
        if (socket == null || socket.isBlank()) {
            return false;
        }
        try {
            send(socket, message);
            return true;
        } catch (IOException e) {
            // The service manager then times the start out: say why in the log.
            log.error("cannot notify systemd through {}={}: {}", SOCKET_VARIABLE, socket, e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Sends {@code message} (newline-separated {@code KEY=value} lines) as one datagram to {@code socket}, a
     * file system path or {@code @name} for an abstract socket.
     */
    public static void send(String socket, String message) throws IOException, InterruptedException {
        if (!socket.startsWith("/") && !socket.startsWith("@")) {
            throw new IOException("'" + socket + "' is neither an absolute path nor an abstract socket name (@...)");
        }
        if (!Epoll.isAvailable()) {
            throw new IOException("Netty's epoll transport is not available: " + Epoll.unavailabilityCause());
        }
        String address = socket.startsWith("@") ? "\0" + socket.substring(1) : socket;
        EventLoopGroup group = new EpollEventLoopGroup(1, new DefaultThreadFactory("bm-xmpp-sd-notify", true));
        try {
            Channel channel = new Bootstrap().group(group)
                    .channel(EpollDomainDatagramChannel.class)
                    // Never bound nor connected: without this the channel is not active and refuses to write.
                    .option(ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION, true)
                    .handler(new ChannelInboundHandlerAdapter())
                    .register().sync().channel();
            try {
                var sent = channel.writeAndFlush(new DomainDatagramPacket(Unpooled.copiedBuffer(message, StandardCharsets.UTF_8),
                        new DomainSocketAddress(address)));
                if (!sent.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IOException("not sent within " + TIMEOUT_SECONDS + " s");
                }
                if (!sent.isSuccess()) {
                    throw new IOException(String.valueOf(sent.cause().getMessage()), sent.cause());
                }
            } finally {
                channel.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
