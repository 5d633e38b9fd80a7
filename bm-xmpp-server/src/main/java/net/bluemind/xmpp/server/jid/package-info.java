/** XMPP addresses from the network, prepared and validated as RFC 7622 says (PRECIS, RFC 8264/8265). */
package net.bluemind.xmpp.server.jid;
