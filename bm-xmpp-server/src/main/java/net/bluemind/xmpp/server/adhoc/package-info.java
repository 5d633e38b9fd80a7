/**
 * XEP-0050 Ad-Hoc Commands.
 */
package net.bluemind.xmpp.server.adhoc;
