package net.bluemind.xmpp.coresim.http;

/** Answers one method + path template. */
@FunctionalInterface
public interface Route {
    Response handle(Request request) throws Exception;
}
