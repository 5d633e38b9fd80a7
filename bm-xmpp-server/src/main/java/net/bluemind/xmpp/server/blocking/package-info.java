/**
 * XEP-0191 Blocking Command: block lists, their pushes and their enforcement before routing.
 */
package net.bluemind.xmpp.server.blocking;
