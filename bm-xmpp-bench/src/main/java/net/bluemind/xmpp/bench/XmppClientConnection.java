package net.bluemind.xmpp.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.xml.stream.XMLStreamException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * One client connection: the RFC 6120 client state machine (stream, optional STARTTLS, SASL PLAIN, bind, optional
 * session, initial presence) and, once online, the stanza entry points the scenarios use.
 *
 * <p>
 * One instance per channel, confined to the channel's event loop except for {@link #close()}. Fields are kept few
 * because the generator holds tens of thousands of these; the XML parser is the only sizeable per-connection state.
 */
final class XmppClientConnection extends ChannelInboundHandlerAdapter implements XmppStreamParser.Handler {

	/** Where the connection is; for failures, also what it was waiting for. */
	enum Step {
		CONNECT("connect", "the TCP connection"), //
		TLS("tls", "the TLS handshake"), //
		STREAM("stream", "the server's stream header and <stream:features/>"), //
		STARTTLS("starttls", "<proceed/> after <starttls/>"), //
		SASL("sasl", "<success/> after <auth mechanism='PLAIN'/>"), //
		BIND("bind", "the result of the resource bind iq"), //
		SESSION("session", "the result of the session iq"), //
		ONLINE("online", null), //
		CLOSING("closing", null), //
		CLOSED("closed", null);

		final String label;
		final String awaiting;

		Step(String label, String awaiting) {
			this.label = label;
			this.awaiting = awaiting;
		}
	}

	private final ConnectionSettings settings;
	private final String localpart;
	private final ConnectionListener listener;

	private volatile Channel channel;
	private ChannelHandlerContext ctx;
	private XmppStreamParser parser;
	private ScheduledFuture<?> loginTimer;
	private Step step = Step.CONNECT;
	private boolean authenticated;
	private boolean sessionRequired;
	/** True once onOnline or onLoginFailed has been reported: each connection reports exactly one of them. */
	private boolean settled;
	private long startNanos;
	private long onlineNanos;
	private String boundJid;
	private Object attachment;

	XmppClientConnection(ConnectionSettings settings, String localpart, ConnectionListener listener) {
		this.settings = settings;
		this.localpart = localpart;
		this.listener = listener;
	}

	// ---- accessors used by scenarios -----------------------------------------------------------------------------

	String localpart() {
		return localpart;
	}

	String boundJid() {
		return boundJid;
	}

	/** Time from the connect attempt to being online (bind done), in nanoseconds. */
	long loginNanos() {
		return onlineNanos - startNanos;
	}

	boolean isOnline() {
		return step == Step.ONLINE;
	}

	boolean isWritable() {
		return ctx != null && ctx.channel().isWritable();
	}

	/** Scenario state hung on the connection (saves a map lookup per received stanza). */
	Object attachment() {
		return attachment;
	}

	void attach(Object value) {
		this.attachment = value;
	}

	/** The channel, once the connect attempt has created one; null before. */
	Channel channel() {
		return channel;
	}

	// ---- sending (event loop only) -------------------------------------------------------------------------------

	/** Queues without flushing, so callers can batch many stanzas into one syscall / TLS record. */
	void write(String xml) {
		ctx.write(ByteBufUtil.writeUtf8(ctx.alloc(), xml), ctx.voidPromise());
	}

	void flush() {
		ctx.flush();
	}

	private void send(String xml) {
		ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), xml), ctx.voidPromise());
	}

	// ---- lifecycle -----------------------------------------------------------------------------------------------

	/** Called by the pipeline right before connecting, so login time includes the TCP connect. */
	void connecting() {
		startNanos = System.nanoTime();
	}

	/** The TCP connect itself failed (refused, timeout, no local port left...). */
	void connectFailed(Throwable cause) {
		fail(Step.CONNECT, describe(cause), null, false);
	}

	/**
	 * Ends the stream politely: sends {@code </stream:stream>} and waits (at most the close timeout) for the server's
	 * closing tag or for it to close the TCP connection, so TIME_WAIT sockets pile up on the server side, not on the
	 * generator's limited ephemeral ports. Thread-safe; returns the channel's close future (null if none).
	 */
	ChannelFuture close() {
		Channel ch = channel;
		if (ch == null) {
			return null;
		}
		if (ch.eventLoop().inEventLoop()) {
			closeOnLoop();
		} else {
			ch.eventLoop().execute(this::closeOnLoop);
		}
		return ch.closeFuture();
	}

	private void closeOnLoop() {
		if (step == Step.CLOSING || step == Step.CLOSED || ctx == null) {
			return;
		}
		if (!settled) {
			fail(step, "closed by the benchmark before the login completed", null, false);
			return;
		}
		step = Step.CLOSING;
		send(ClientStanzas.STREAM_CLOSE);
		ChannelHandlerContext c = ctx;
		c.executor().schedule(() -> {
			c.close();
		}, settings.closeTimeoutMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.ctx = ctx;
		this.channel = ctx.channel();
		if (startNanos == 0) {
			startNanos = System.nanoTime();
		}
		loginTimer = ctx.executor().schedule(this::loginTimedOut, settings.loginTimeoutMillis(),
				TimeUnit.MILLISECONDS);
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		if (settings.tlsMode() == TlsMode.DIRECT) {
			step = Step.TLS;
			SslHandler ssl = ctx.pipeline().get(SslHandler.class);
			ssl.handshakeFuture().addListener(this::tlsHandshakeDone);
		} else {
			openStream();
		}
		ctx.fireChannelActive();
	}

	private void tlsHandshakeDone(Future<?> f) {
		if (settled) {
			return;
		}
		if (f.isSuccess()) {
			openStream();
		} else {
			fail(Step.TLS, "TLS handshake failed: " + describe(f.cause()), null, false);
		}
	}

	/** Starts a (new) stream: a fresh parser, since each stream is a new XML document. */
	private void openStream() {
		discardParser();
		parser = new XmppStreamParser(this);
		step = Step.STREAM;
		send(ClientStanzas.streamHeader(settings.domain()));
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (!(msg instanceof ByteBuf buf)) {
			ctx.fireChannelRead(msg);
			return;
		}
		try {
			if (parser != null) {
				parser.feed(buf);
			}
		} catch (XMLStreamException e) {
			protocolError("the server sent malformed XML: " + e.getMessage());
		} finally {
			buf.release();
		}
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		if (step == Step.ONLINE) {
			listener.onWritabilityChanged(this, ctx.channel().isWritable());
		}
		ctx.fireChannelWritabilityChanged();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		discardParser();
		if (!settled) {
			fail(step, "the server closed the connection while waiting for " + awaited(), null, false);
		} else if (step == Step.ONLINE) {
			lost("the server closed the connection");
		}
		step = Step.CLOSED;
		ctx.fireChannelInactive();
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		String what = describe(cause);
		if (!settled) {
			fail(step, what, null, false);
		} else if (step == Step.ONLINE) {
			lost(what);
		}
		ctx.close();
	}

	private void loginTimedOut() {
		if (!settled) {
			fail(step, "no answer within " + settings.loginTimeoutMillis() / 1000 + " s while waiting for "
					+ awaited(), null, false);
		}
	}

	// ---- incoming XML --------------------------------------------------------------------------------------------

	@Override
	public void streamOpened(XmlElement header) {
		if (!header.is("stream", Ns.STREAMS)) {
			protocolError("expected <stream:stream>, got " + header.toXml());
		}
	}

	@Override
	public void streamClosed() {
		if (step == Step.CLOSING) {
			// Our close was answered. Let the server drop TCP first so that the TIME_WAIT state lands on its side;
			// the timer armed by closeOnLoop() closes from here if it does not.
			discardParser();
		} else if (!settled) {
			fail(step, "the server closed the stream while waiting for " + awaited(), null, false);
		} else if (step == Step.ONLINE) {
			lost("the server closed the stream");
			send(ClientStanzas.STREAM_CLOSE);
			ctx.close();
		}
	}

	@Override
	public void element(XmlElement el) {
		switch (el.name()) {
		case "message" -> onMessage(el);
		case "presence" -> onPresence(el);
		case "iq" -> onIq(el);
		case "features" -> onFeatures(el);
		case "error" -> onStreamError(el);
		case "proceed" -> onProceed(el);
		case "success" -> onSaslSuccess(el);
		case "failure", "challenge" -> fail(step, "the server answered <" + el.name() + "/> " + el.condition(), el, true);
		default -> {
			// unknown top-level elements (stream management acks, ...) do not concern this client
		}
		}
	}

	private void onFeatures(XmlElement features) {
		if (!features.is("features", Ns.STREAMS) || step != Step.STREAM) {
			unexpected(features);
			return;
		}
		if (authenticated) {
			XmlElement session = features.child("session", Ns.SESSION);
			sessionRequired = session != null && session.child("optional") == null;
			if (features.child("bind", Ns.BIND) == null) {
				fail(Step.BIND, "the server does not offer resource binding after authentication", features, true);
				return;
			}
			step = Step.BIND;
			send(ClientStanzas.bind(settings.resource()));
		} else if (settings.tlsMode() == TlsMode.STARTTLS && ctx.pipeline().get(SslHandler.class) == null) {
			if (features.child("starttls", Ns.TLS) == null) {
				fail(Step.STARTTLS, "the server does not offer STARTTLS", features, true);
				return;
			}
			step = Step.STARTTLS;
			send(ClientStanzas.STARTTLS);
		} else {
			List<String> mechanisms = mechanisms(features);
			if (!mechanisms.contains("PLAIN")) {
				fail(Step.SASL, "the server does not offer SASL PLAIN (offers " + mechanisms + ")", features, true);
				return;
			}
			step = Step.SASL;
			send(ClientStanzas.authPlain(localpart, settings.password()));
		}
	}

	private static List<String> mechanisms(XmlElement features) {
		List<String> names = new ArrayList<>();
		XmlElement mechs = features.child("mechanisms", Ns.SASL);
		if (mechs != null) {
			for (XmlElement m : mechs.children()) {
				names.add(m.text().trim());
			}
		}
		return names;
	}

	private void onProceed(XmlElement proceed) {
		if (!proceed.is("proceed", Ns.TLS) || step != Step.STARTTLS) {
			unexpected(proceed);
			return;
		}
		// The old stream is over; anything after <proceed/> in this buffer would belong to the TLS layer.
		discardParser();
		step = Step.TLS;
		SslHandler ssl = settings.tls().newHandler(ctx.alloc());
		ctx.pipeline().addFirst("tls", ssl);
		ssl.handshakeFuture().addListener(this::tlsHandshakeDone);
	}

	private void onSaslSuccess(XmlElement success) {
		if (!success.is("success", Ns.SASL) || step != Step.SASL) {
			unexpected(success);
			return;
		}
		authenticated = true;
		openStream();
	}

	private void onIq(XmlElement iq) {
		String type = iq.attr("type");
		String id = iq.attr("id");
		if ("get".equals(type) || "set".equals(type)) {
			answerRequest(iq, id);
		} else if (step == Step.BIND && ClientStanzas.BIND_ID.equals(id)) {
			bindAnswered(iq, type);
		} else if (step == Step.SESSION && ClientStanzas.SESSION_ID.equals(id)) {
			if ("result".equals(type)) {
				goOnline();
			} else {
				fail(Step.SESSION, "session establishment refused: " + iq.condition(), iq, true);
			}
		} else if ("error".equals(type) && step == Step.ONLINE) {
			listener.onStanzaError(this, iq);
		}
	}

	private void bindAnswered(XmlElement iq, String type) {
		if (!"result".equals(type)) {
			fail(Step.BIND, "resource binding refused: " + iq.condition(), iq, true);
			return;
		}
		XmlElement bind = iq.child("bind", Ns.BIND);
		XmlElement jid = bind == null ? null : bind.child("jid");
		if (jid == null) {
			fail(Step.BIND, "bind result without <jid/>", iq, true);
			return;
		}
		boundJid = jid.text().trim();
		if (sessionRequired) {
			step = Step.SESSION;
			send(ClientStanzas.SESSION);
		} else {
			goOnline();
		}
	}

	private void answerRequest(XmlElement iq, String id) {
		if (id == null || step == Step.CLOSING) {
			return;
		}
		String from = iq.attr("from");
		send(iq.child("ping", Ns.PING) != null ? ClientStanzas.iqResult(id, from)
				: ClientStanzas.iqServiceUnavailable(id, from));
	}

	private void goOnline() {
		settled = true;
		cancelLoginTimer();
		onlineNanos = System.nanoTime();
		step = Step.ONLINE;
		if (settings.sendPresence()) {
			send(ClientStanzas.PRESENCE);
		}
		listener.onOnline(this);
	}

	private void onMessage(XmlElement message) {
		if (step != Step.ONLINE) {
			return;
		}
		if ("error".equals(message.attr("type"))) {
			listener.onStanzaError(this, message);
		} else {
			listener.onMessage(this, message, System.nanoTime());
		}
	}

	private void onPresence(XmlElement presence) {
		if (step == Step.ONLINE && "error".equals(presence.attr("type"))) {
			listener.onStanzaError(this, presence);
		}
	}

	private void onStreamError(XmlElement error) {
		if (!error.is("error", Ns.STREAMS)) {
			unexpected(error);
			return;
		}
		if (!settled) {
			fail(step, "stream error " + error.condition(), error, true);
		} else if (step == Step.ONLINE) {
			listener.onStanzaError(this, error);
			lost("stream error " + error.condition());
			ctx.close();
		}
	}

	private void unexpected(XmlElement el) {
		if (!settled) {
			fail(step, "unexpected <" + el.name() + "/> while waiting for " + awaited(), el, false);
		}
	}

	private void protocolError(String reason) {
		if (!settled) {
			fail(step, reason, null, false);
		} else if (step == Step.ONLINE) {
			lost(reason);
		}
		discardParser();
		ctx.close();
	}

	// ---- endings -------------------------------------------------------------------------------------------------

	private void fail(Step at, String reason, XmlElement serverReply, boolean rejected) {
		if (settled) {
			return;
		}
		settled = true;
		cancelLoginTimer();
		boolean streamOpen = parser != null;
		discardParser();
		step = Step.CLOSED;
		listener.onLoginFailed(this,
				new LoginFailure(at.label, reason, serverReply == null ? null : serverReply.toXml(), rejected));
		if (ctx != null) {
			if (streamOpen && ctx.channel().isActive()) {
				send(ClientStanzas.STREAM_CLOSE);
			}
			ctx.close();
		}
	}

	private void lost(String reason) {
		step = Step.CLOSED;
		listener.onLost(this, reason);
	}

	private void cancelLoginTimer() {
		if (loginTimer != null) {
			loginTimer.cancel(false);
			loginTimer = null;
		}
	}

	private void discardParser() {
		if (parser != null) {
			parser.discard();
			parser = null;
		}
	}

	private String awaited() {
		return step.awaiting == null ? "nothing" : step.awaiting;
	}

	static String describe(Throwable cause) {
		Throwable t = cause;
		while (t instanceof DecoderException && t.getCause() != null) {
			t = t.getCause();
		}
		String msg = t.getMessage();
		String s = t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
		if (msg != null && msg.contains("Cannot assign requested address")) {
			s += " (no local port left for this source address: add --source-addresses)";
		} else if (msg != null && msg.contains("Too many open files")) {
			s += " (raise the file descriptor limit: ulimit -n)";
		}
		return s;
	}
}
