/**
 * XEP-0313 Message Archive Management (with XEP-0059 result sets and XEP-0441 preferences): archiving on the
 * message hooks, the writer and its spool, queries.
 */
package net.bluemind.xmpp.server.archive;
