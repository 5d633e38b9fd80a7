package net.bluemind.xmpp.bench;

import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

/** Client-side TLS for every connection of a run: one context, one {@link SslHandler} per connection. */
final class ClientTls {

    private final SslContext context;
    private final SslProvider provider;
    private final String sniHost;
    private final long handshakeTimeoutMillis;

    ClientTls(String sniHost, long handshakeTimeoutMillis) throws SSLException {
        // BoringSSL is much cheaper per handshake and per record than the JDK engine, which keeps the generator
        // from being the bottleneck; fall back to the JDK only when the native library cannot load.
        this.provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        // This is a benchmark: it must work against freshly installed servers with self-signed certificates, so it
        // trusts every certificate and does not check host names. Never copy this into a real client.
        this.context = SslContextBuilder.forClient().sslProvider(provider)
                .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        this.sniHost = sniHost;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    String providerName() {
        return provider.name();
    }

    SslHandler newHandler(ByteBufAllocator alloc) {
        // No peer host/port given to the engine on purpose: that would enable client-side session resumption, and
        // every login would then be a cheap abbreviated handshake instead of what a new client costs the server.
        SslHandler handler = context.newHandler(alloc);
        SSLEngine engine = handler.engine();
        SSLParameters params = engine.getSSLParameters();
        try {
            // The server picks the certificate of the XMPP domain from SNI (virtual hosting).
            params.setServerNames(List.of(new SNIHostName(sniHost)));
            engine.setSSLParameters(params);
        } catch (IllegalArgumentException notAHostName) {
            // e.g. an IP literal as domain: SNI cannot carry it, connect without
        }
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return handler;
    }
}
