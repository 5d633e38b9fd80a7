/**
 * XEP-0352 Client State Indication: what an inactive client is spared until it is active again.
 */
package net.bluemind.xmpp.server.csi;
