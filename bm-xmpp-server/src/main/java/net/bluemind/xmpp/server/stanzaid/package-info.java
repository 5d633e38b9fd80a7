/**
 * XEP-0359 Unique and Stable Stanza IDs: {@code <stanza-id/>} stamped on every message for a local user.
 */
package net.bluemind.xmpp.server.stanzaid;
