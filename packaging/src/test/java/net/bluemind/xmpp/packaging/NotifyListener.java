package net.bluemind.xmpp.packaging;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;

/**
 * The package test's stand-in for systemd's notification socket: {@code NotifyListener SOCKET TIMEOUT_S HOST PORT...}
 * binds the unix datagram socket SOCKET (writable by anyone: the server runs as bm-xmpp), prints {@code listening},
 * then waits for {@code READY=1}. When it arrives it checks at once that every HOST:PORT accepts a connection, and
 * prints {@code ready-at <epoch ms>} and the ports; then it waits for {@code STOPPING=1} (printed as
 * {@code stopping}). Exit 0: READY=1 came after the ports were open, then STOPPING=1; 1: READY=1 came but a port was
 * closed; 2: no READY=1, or no STOPPING=1, within the timeout.
 */
public final class NotifyListener {

    private NotifyListener() {
    }

    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        long timeoutSeconds = Long.parseLong(args[1]);
        String host = args[2];
        List<Integer> ports = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            ports.add(Integer.parseInt(args[i]));
        }
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        EventLoopGroup group = new EpollEventLoopGroup(1);
        try {
            Channel ch = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                    .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket p) {
                            messages.add(p.content().toString(StandardCharsets.UTF_8));
                        }
                    })
                    .bind(new DomainSocketAddress(socket.toString())).sync().channel();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rwxrwxrwx"));
            System.out.println("listening on " + socket);
            System.out.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            Boolean portsOpenAtReady = null;
            while (true) {
                String m = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (m == null) {
                    System.out.println("no " + (portsOpenAtReady == null ? "READY=1" : "STOPPING=1") + " within " + timeoutSeconds + " s");
                    System.exit(portsOpenAtReady == Boolean.FALSE ? 1 : 2);
                }
                long at = System.currentTimeMillis();
                System.out.println("message: " + m.replace('\n', ' '));
                if (m.lines().anyMatch("READY=1"::equals)) {
                    boolean allOpen = true;
                    for (int port : ports) {
                        boolean open = open(host, port);
                        allOpen &= open;
                        System.out.println("port " + host + ":" + port + (open ? " open" : " CLOSED") + " when READY=1 arrived");
                    }
                    System.out.println("ready-at " + at);
                    portsOpenAtReady = allOpen;
                }
                if (m.lines().anyMatch("STOPPING=1"::equals)) {
                    System.out.println("stopping");
                    ch.close().sync();
                    System.exit(portsOpenAtReady == null ? 2 : portsOpenAtReady ? 0 : 1);
                }
                System.out.flush();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static boolean open(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
