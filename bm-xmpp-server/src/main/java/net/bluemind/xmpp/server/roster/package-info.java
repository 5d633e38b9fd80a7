/**
 * RFC 6121 §2 Roster Management.
 */
package net.bluemind.xmpp.server.roster;
