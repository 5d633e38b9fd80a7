/**
 * XEP-0163 Personal Eventing Protocol on XEP-0060 Publish-Subscribe, with XEP-0223 private nodes.
 */
package net.bluemind.xmpp.server.pep;
