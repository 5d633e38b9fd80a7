/**
 * XEP-0115 Entity Capabilities: verification strings and the caps of local resources.
 */
package net.bluemind.xmpp.server.caps;
