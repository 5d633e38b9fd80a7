/**
 * XEP-0280 Message Carbons (with XEP-0297 forwarding): enable/disable, sent and received copies, on the message hooks.
 */
package net.bluemind.xmpp.server.carbons;
