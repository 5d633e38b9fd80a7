/**
 * XEP-0004 Data Forms.
 */
package net.bluemind.xmpp.server.dataforms;
