/**
 * RFC 6121 §8.5: the delivery rules of message stanzas to local users, firing the message hooks.
 */
package net.bluemind.xmpp.server.delivery;
