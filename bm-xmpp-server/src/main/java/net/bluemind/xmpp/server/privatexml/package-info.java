/**
 * XEP-0049 Private XML Storage.
 */
package net.bluemind.xmpp.server.privatexml;
