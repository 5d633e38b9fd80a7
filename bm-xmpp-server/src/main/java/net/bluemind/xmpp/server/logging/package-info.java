/**
 * Logging shared by the engine's parts: {@link net.bluemind.xmpp.server.logging.LinePeriod}, one line per period for
 * events that can come by the thousand.
 */
package net.bluemind.xmpp.server.logging;
