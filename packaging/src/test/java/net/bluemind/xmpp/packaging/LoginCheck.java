package net.bluemind.xmpp.packaging;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.jivesoftware.smack.ConnectionConfiguration;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

/**
 * The package test's XMPP client: {@code LoginCheck HOST PORT JID PASSWORD CERT.pem} logs in with STARTTLS (required),
 * trusting only the certificate the installed server generated, and prints {@code logged in as <full JID>}.
 * Exit 0 on success, 1 with the reason otherwise.
 */
public final class LoginCheck {

    private static final Pattern PEM_CERT = Pattern.compile("-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", Pattern.DOTALL);

    private LoginCheck() {
    }

    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println("usage: LoginCheck HOST PORT JID PASSWORD CERT.pem");
            System.exit(2);
        }
        String jid = args[2];
        int at = jid.indexOf('@');
        try {
            XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                    .setXmppDomain(jid.substring(at + 1))
                    .setHost(args[0])
                    .setPort(Integer.parseInt(args[1]))
                    .setUsernameAndPassword(jid.substring(0, at), args[3])
                    .setResource("package-test")
                    .setSecurityMode(ConnectionConfiguration.SecurityMode.required)
                    .setCustomX509TrustManager(trusting(Path.of(args[4])))
                    .setConnectTimeout(10_000)
                    .build());
            c.setReplyTimeout(10_000);
            c.connect().login();
            System.out.println("logged in as " + c.getUser() + (c.isSecureConnection() ? " over TLS" : " WITHOUT TLS"));
            boolean secure = c.isSecureConnection();
            c.disconnect();
            System.exit(secure ? 0 : 1);
        } catch (Exception e) {
            System.err.println("login of " + jid + " failed: " + e);
            System.exit(1);
        }
    }

    private static X509TrustManager trusting(Path pem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        Matcher m = PEM_CERT.matcher(Files.readString(pem));
        int i = 0;
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(1).strip());
            Certificate cert = cf.generateCertificate(new ByteArrayInputStream(der));
            ks.setCertificateEntry("c" + i++, cert);
        }
        if (i == 0) {
            throw new IllegalArgumentException("no certificate in " + pem);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return (X509TrustManager) tmf.getTrustManagers()[0];
    }
}
