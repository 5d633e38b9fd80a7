/**
 * XEP-0198 Stream Management: acknowledgements, resumption, redelivery of what was never acknowledged.
 */
package net.bluemind.xmpp.server.sm;
