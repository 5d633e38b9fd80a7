/**
 * Which connections a listener keeps: caps on unauthenticated connections per address and in all, a cap on
 * all connections below the open-file limit ({@code limits.connections}), applied right after accept.
 */
package net.bluemind.xmpp.server.admission;
