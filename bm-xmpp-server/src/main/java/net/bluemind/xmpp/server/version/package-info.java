/**
 * XEP-0092 Software Version.
 */
package net.bluemind.xmpp.server.version;
