/**
 * XEP-0030 Service Discovery: disco#info and disco#items of the server and of accounts.
 */
package net.bluemind.xmpp.server.disco;
