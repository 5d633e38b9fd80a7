package net.bluemind.xmpp.faults.kit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * An attacker in a process of its own (so that its sockets count against its own open-file limit):
 * {@code SilentFlood <source address> <host> <port> <connections> <seconds>} opens that many TCP connections
 * from that source address, sends nothing on them, and holds them for that long. Prints
 * {@code opened=N refused=N closedByServer=N} at the end: connections the server closed on its own count as
 * refused by it.
 */
public final class SilentFlood {

    private SilentFlood() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String source = args[0];
        InetSocketAddress target = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
        int count = Integer.parseInt(args[3]);
        long holdMillis = Long.parseLong(args[4]) * 1000;
        Selector selector = Selector.open();
        List<SocketChannel> open = new ArrayList<>(count);
        int failed = 0;
        for (int i = 0; i < count; i++) {
            try {
                SocketChannel ch = SocketChannel.open();
                ch.bind(new InetSocketAddress(source, 0));
                ch.connect(target);
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ);
                open.add(ch);
            } catch (IOException e) {
                failed++;
            }
        }
        System.out.println("connected=" + open.size() + " failed=" + failed);
        long end = System.currentTimeMillis() + holdMillis;
        int closedByServer = 0;
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (System.currentTimeMillis() < end) {
            selector.select(Math.max(1, end - System.currentTimeMillis()));
            for (SelectionKey k : selector.selectedKeys()) {
                SocketChannel ch = (SocketChannel) k.channel();
                buf.clear();
                int n;
                try {
                    n = ch.read(buf);
                } catch (IOException e) {
                    n = -1;
                }
                if (n < 0) {
                    closedByServer++;
                    k.cancel();
                    ch.close();
                }
            }
            selector.selectedKeys().clear();
        }
        System.out.println("opened=" + open.size() + " refused=" + failed + " closedByServer=" + closedByServer);
        for (SocketChannel ch : open) {
            ch.close();
        }
    }
}
