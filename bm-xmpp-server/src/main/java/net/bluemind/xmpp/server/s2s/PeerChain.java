package net.bluemind.xmpp.server.s2s;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLPeerUnverifiedException;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;

/** The certificate chain the peer presented in the TLS handshake of a stream, or null (no TLS, no certificate). */
final class PeerChain {

    private PeerChain() {
    }

    static X509Certificate[] of(ChannelPipeline pipeline) {
        SslHandler h = pipeline.get(SslHandler.class);
        if (h == null) {
            return null;
        }
        try {
            Certificate[] chain = h.engine().getSession().getPeerCertificates();
            X509Certificate[] out = new X509Certificate[chain.length];
            for (int i = 0; i < chain.length; i++) {
                out[i] = (X509Certificate) chain[i];
            }
            return out;
        } catch (SSLPeerUnverifiedException | ClassCastException e) {
            return null;
        }
    }
}
