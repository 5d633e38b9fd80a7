package net.bluemind.xmpp.server.admission;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The handler of a listening socket ({@code ServerBootstrap.handler}): sees each accepted connection before
 * it is set up, and either hands it on or closes it at once, unread, when {@link ConnectionAdmission} says
 * it is over a cap. Also where accepting itself fails (out of descriptors: {@code EMFILE}): one log line per
 * period instead of a stack trace per attempt, and a pause before accepting again, as Netty would.
 */
public final class AdmissionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(AdmissionHandler.class);
    /** How long accepting pauses after it failed: the descriptors a failure lacked come back as connections close. */
    static final long ACCEPT_PAUSE_MILLIS = 1_000;

    private final ConnectionAdmission admission;

    public AdmissionHandler(ConnectionAdmission admission) {
        this.admission = admission;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        ConnectionAdmission.Ticket ticket = admission.admit(child.remoteAddress(), ctx.executor());
        if (ticket == null) {
            // Not registered with any event loop yet: closing the descriptor is all there is to do.
            child.unsafe().closeForcibly();
            return;
        }
        ConnectionAdmission.attach(child, ticket);
        ctx.fireChannelRead(child);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            admission.acceptFailed(cause, ctx.executor());
        } else {
            log.warn("accepting connections on {} failed", ctx.channel().localAddress(), cause);
        }
        // What Netty's acceptor does too, so that a lack of descriptors does not spin the accept loop.
        if (ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(false);
            ctx.executor().schedule(() -> {
                ctx.channel().config().setAutoRead(true);
            }, ACCEPT_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }
}
