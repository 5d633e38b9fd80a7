/**
 * RFC 6121 §3 and §4: presence subscriptions and exchange.
 */
package net.bluemind.xmpp.server.presence;
