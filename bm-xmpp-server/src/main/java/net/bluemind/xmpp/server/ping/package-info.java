/**
 * XEP-0199 XMPP Ping.
 */
package net.bluemind.xmpp.server.ping;
