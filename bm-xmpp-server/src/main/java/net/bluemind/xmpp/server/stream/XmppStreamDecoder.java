package net.bluemind.xmpp.server.stream;

import java.nio.ByteBuffer;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.aalto.AsyncByteBufferFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;
import net.bluemind.xmpp.xml.XmlChars;

/**
 * Bytes to XMPP stream events, with Aalto's non-blocking parser: a {@link StreamOpen} for the stream
 * header, an {@link Element} per top-level stanza, {@link StreamClose} at the end.
 *
 * <p>The XML is restricted as RFC 6120 §11.1 requires: no DTD (so no entity declaration, and no
 * entity-expansion bomb), no comment, no processing instruction. Limits on stanza size, depth,
 * attributes, children and pre-authentication bytes hold memory per connection bounded. A violation
 * fires a {@link StreamErrorException} down the pipeline and the decoder ignores all later input.
 * Every parse failure becomes one: the input is refused first if it is not strict UTF-8 of XML
 * characters ({@link Utf8Guard}), then whatever Aalto throws, checked or not, means
 * {@code not-well-formed} ({@code unsupported-encoding} when the stream's first bytes name another
 * encoding, see {@link StreamPrologue}).
 *
 * <p>{@link #reset()} starts a new parser, as a stream restart requires (after STARTTLS and SASL).
 */
public final class XmppStreamDecoder extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(XmppStreamDecoder.class);
    private static final AsyncXMLInputFactory FACTORY = createFactory();
    /** How much of a parser's message a stream error quotes. */
    private static final int MESSAGE_LIMIT = 160;

    private final StreamLimits limits;
    private final Utf8Guard utf8 = new Utf8Guard();
    private final StreamPrologue prologue = new StreamPrologue();
    private AsyncXMLStreamReader<AsyncByteBufferFeeder> reader;
    private boolean authenticated;
    private long bytesBeforeAuth;
    private boolean failed;
    private boolean resetRequested;
    private boolean streamOpen;
    private boolean prologLt;

    /** Open elements of the stanza being read, innermost last; null when between stanzas. */
    private Element.Builder[] open;
    private int[] childCounts;
    private int depth;
    /** Whether the last event inside the current element was text: the next piece continues the same node. */
    private boolean inText;

    /** Bytes fed to the current parser, and where the current stanza (or inter-stanza gap) began. */
    private long fed;
    private long mark;

    public XmppStreamDecoder(StreamLimits limits) {
        this.limits = limits;
    }

    private static AsyncXMLInputFactory createFactory() {
        InputFactoryImpl f = new InputFactoryImpl();
        // Aalto never expands DTD entities; letting it report the DOCTYPE as an event lets us refuse it as
        // restricted-xml (RFC 6120 §11.1) instead of a generic syntax error.
        f.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.TRUE);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.TRUE);
        f.setProperty(XMLInputFactory.IS_COALESCING, Boolean.FALSE);
        return f;
    }

    /** Starts a fresh parser at the next byte (stream restart); the rest of the current read is dropped. */
    public void reset() {
        resetRequested = true;
        closeReader();
    }

    /** The peer authenticated: the pre-authentication byte budget no longer applies. */
    public void authenticated() {
        authenticated = true;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (failed || !buf.isReadable()) {
                return;
            }
            decode(ctx, buf);
        } catch (StreamErrorException e) {
            fail(ctx, e);
        } catch (XMLStreamException e) {
            fail(ctx, notWellFormed(shortMessage(e)));
        } catch (RuntimeException e) {
            // Aalto reports some errors unchecked (from getText(), isWhiteSpace()...), wrapping the
            // XMLStreamException; anything else thrown while reading untrusted bytes is refused the same way.
            if (!(e.getCause() instanceof XMLStreamException)) {
                log.debug("parse failure not reported by the parser as such", e);
            }
            fail(ctx, notWellFormed(e.getCause() instanceof XMLStreamException x ? shortMessage(x) : e.toString()));
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void decode(ChannelHandlerContext ctx, ByteBuf buf) throws XMLStreamException {
        int readable = buf.readableBytes();
        if (!authenticated) {
            bytesBeforeAuth += readable;
            if (bytesBeforeAuth > limits.maxBytesBeforeAuth()) {
                throw new StreamErrorException(StreamErrorCondition.POLICY_VIOLATION,
                        "more than " + limits.maxBytesBeforeAuth() + " bytes before authentication");
            }
        }
        resetRequested = false;
        if (reader == null) {
            startReader();
        }
        if (!streamOpen) {
            prologue.read(buf);
            refuseMarkupDeclarations(buf);
        }
        String badBytes = utf8.check(buf);
        if (badBytes != null) {
            throw notWellFormed(badBytes);
        }
        ByteBuffer nio = buf.nioBuffer();
        reader.getInputFeeder().feedInput(nio);
        fed += nio.remaining();
        drain(ctx);
        if (!resetRequested && !failed && fed - mark > limits.maxStanzaBytes()) {
            throw new StreamErrorException(StreamErrorCondition.POLICY_VIOLATION,
                    "stanza larger than " + limits.maxStanzaBytes() + " bytes");
        }
    }

    /**
     * Before the stream header, {@code <!} can only start a DOCTYPE or a comment, both forbidden. Aalto's
     * non-blocking scanner would refuse an internal DTD subset as a mere syntax error; this names it.
     */
    private void refuseMarkupDeclarations(ByteBuf buf) {
        for (int i = buf.readerIndex(), end = buf.writerIndex(); i < end; i++) {
            byte b = buf.getByte(i);
            if (b == '!' && prologLt) {
                throw new StreamErrorException(StreamErrorCondition.RESTRICTED_XML, "DTDs and comments are not allowed");
            }
            prologLt = b == '<';
        }
    }

    /**
     * A parse failure: {@code not-well-formed}, or {@code unsupported-encoding} when the bytes before the
     * stream header show another encoding than UTF-8, which would make any XML look broken.
     */
    private StreamErrorException notWellFormed(String why) {
        String encoding = streamOpen ? null : prologue.encodingProblem();
        if (encoding != null) {
            return new StreamErrorException(StreamErrorCondition.UNSUPPORTED_ENCODING, encoding);
        }
        return new StreamErrorException(StreamErrorCondition.NOT_WELL_FORMED, why);
    }

    private void startReader() {
        reader = FACTORY.createAsyncForByteBuffer();
        utf8.reset();
        prologue.reset();
        open = new Element.Builder[8];
        childCounts = new int[8];
        depth = 0;
        streamOpen = false;
        prologLt = false;
        fed = 0;
        mark = 0;
    }

    private void closeReader() {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // nothing holds resources outside the heap
            }
            reader = null;
            open = null;
            childCounts = null;
        }
    }

    private void drain(ChannelHandlerContext ctx) throws XMLStreamException {
        AsyncXMLStreamReader<AsyncByteBufferFeeder> r = reader;
        int event;
        while (!resetRequested && !failed && (event = r.next()) != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
            switch (event) {
                case XMLStreamConstants.START_DOCUMENT -> checkEncoding(r);
                case XMLStreamConstants.START_ELEMENT -> startElement(ctx, r);
                case XMLStreamConstants.END_ELEMENT -> endElement(ctx, r);
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text(r);
                case XMLStreamConstants.DTD -> throw new StreamErrorException(StreamErrorCondition.RESTRICTED_XML, "DTDs are not allowed");
                case XMLStreamConstants.COMMENT -> throw new StreamErrorException(StreamErrorCondition.RESTRICTED_XML, "comments are not allowed");
                case XMLStreamConstants.PROCESSING_INSTRUCTION ->
                        throw new StreamErrorException(StreamErrorCondition.RESTRICTED_XML, "processing instructions are not allowed");
                case XMLStreamConstants.ENTITY_REFERENCE ->
                        throw new StreamErrorException(StreamErrorCondition.RESTRICTED_XML, "entity references are not allowed");
                default -> {
                    // END_DOCUMENT and the like carry nothing for XMPP
                }
            }
        }
    }

    private static void checkEncoding(AsyncXMLStreamReader<?> r) {
        String enc = r.getCharacterEncodingScheme();
        if (enc != null && !enc.equalsIgnoreCase("UTF-8")) {
            throw new StreamErrorException(StreamErrorCondition.UNSUPPORTED_ENCODING, "only UTF-8 is supported");
        }
    }

    private void startElement(ChannelHandlerContext ctx, AsyncXMLStreamReader<?> r) throws XMLStreamException {
        if (!streamOpen) {
            streamOpen = true;
            mark = r.getLocationInfo().getEndingByteOffset();
            ctx.fireChannelRead(streamHeader(r));
            return;
        }
        if (Namespaces.XML.equals(r.getNamespaceURI())) {
            // <xml:foo/> is namespace-well-formed, but no one may declare the xml namespace as a default one,
            // which is how the server writes an element's namespace (found by XmppStreamDecoderFuzzTest).
            throw new StreamErrorException(StreamErrorCondition.BAD_NAMESPACE_PREFIX, "no element may use the 'xml' prefix");
        }
        if (depth >= limits.maxDepth()) {
            throw new StreamErrorException(StreamErrorCondition.POLICY_VIOLATION, "elements nested deeper than " + limits.maxDepth());
        }
        int attributes = r.getAttributeCount();
        if (attributes > limits.maxAttributes()) {
            throw new StreamErrorException(StreamErrorCondition.POLICY_VIOLATION, "more than " + limits.maxAttributes() + " attributes");
        }
        if (depth == 0) {
            mark = r.getLocationInfo().getStartingByteOffset();
        } else {
            countChild();
        }
        inText = false;
        checkNamespaceWellFormed(r, attributes);
        Element.Builder b = Element.builder(r.getLocalName(), canonicalNamespace(r.getNamespaceURI()));
        for (int i = 0; i < attributes; i++) {
            b.attribute(attributeName(r, i), r.getAttributeValue(i));
        }
        if (depth == open.length) {
            open = java.util.Arrays.copyOf(open, depth * 2);
            childCounts = java.util.Arrays.copyOf(childCounts, depth * 2);
        }
        open[depth] = b;
        childCounts[depth] = 0;
        depth++;
    }

    private void endElement(ChannelHandlerContext ctx, AsyncXMLStreamReader<?> r) throws XMLStreamException {
        if (depth == 0) {
            streamOpen = false;
            ctx.fireChannelRead(StreamClose.INSTANCE);
            return;
        }
        depth--;
        inText = false;
        Element e = open[depth].build();
        open[depth] = null;
        if (depth > 0) {
            open[depth - 1].child(e);
            return;
        }
        long end = r.getLocationInfo().getEndingByteOffset();
        if (end - mark > limits.maxStanzaBytes()) {
            throw new StreamErrorException(StreamErrorCondition.POLICY_VIOLATION, "stanza larger than " + limits.maxStanzaBytes() + " bytes");
        }
        mark = end;
        ctx.fireChannelRead(e);
    }

    private void text(AsyncXMLStreamReader<?> r) throws XMLStreamException {
        if (depth == 0) {
            // Whitespace between stanzas is the keepalive of RFC 6120 §4.6.1; anything else is not XMPP.
            if (!r.isWhiteSpace()) {
                throw new StreamErrorException(StreamErrorCondition.BAD_FORMAT, "text outside a stanza");
            }
            mark = r.getLocationInfo().getEndingByteOffset();
            return;
        }
        if (!inText) {
            // One text node, however many pieces the network cut it in: it counts once against max-children.
            countChild();
            inText = true;
        }
        open[depth - 1].text(r.getText());
    }

    private void countChild() {
        if (++childCounts[depth - 1] > limits.maxChildren()) {
            throw new StreamErrorException(StreamErrorCondition.POLICY_VIOLATION, "more than " + limits.maxChildren() + " children");
        }
    }

    private static StreamOpen streamHeader(AsyncXMLStreamReader<?> r) {
        boolean qualified = "stream".equals(r.getLocalName()) && Namespaces.STREAMS.equals(r.getNamespaceURI());
        String content = null;
        for (int i = 0; i < r.getNamespaceCount(); i++) {
            String prefix = r.getNamespacePrefix(i);
            if (prefix == null || prefix.isEmpty()) {
                content = r.getNamespaceURI(i);
            }
        }
        return new StreamOpen(qualified, content,
                r.getAttributeValue(null, "to"), r.getAttributeValue(null, "from"),
                r.getAttributeValue(null, "version"), r.getAttributeValue(Namespaces.XML, "lang"),
                r.getLocalName(), r.getNamespaceURI(), r.getAttributeValue(null, "id"));
    }

    private static String canonicalNamespace(String ns) {
        if (ns == null) {
            return "";
        }
        // Stanzas are handled in one namespace inside the engine whatever stream they came on.
        return Namespaces.SERVER.equals(ns) ? Namespaces.CLIENT : ns;
    }

    /**
     * What the parser lets through and Namespaces in XML 1.0 forbids, which the server could not write back: a prefix
     * declared with an empty name ({@code xmlns:p=''}, §3), and a prefixed name whose local part does not start as a
     * name must ({@code p:1}). Found by XmppStreamDecoderFuzzTest. Only prefixed names are checked: the parser checks
     * the others.
     */
    private static void checkNamespaceWellFormed(AsyncXMLStreamReader<?> r, int attributes) {
        for (int i = 0, n = r.getNamespaceCount(); i < n; i++) {
            String prefix = r.getNamespacePrefix(i);
            String uri = r.getNamespaceURI(i);
            if (prefix != null && !prefix.isEmpty() && (uri == null || uri.isEmpty())) {
                throw new StreamErrorException(StreamErrorCondition.NOT_WELL_FORMED, "the prefix '" + XmlChars.quote(prefix)
                        + "' is declared with an empty namespace name");
            }
        }
        String elementPrefix = r.getPrefix();
        if (elementPrefix != null && !elementPrefix.isEmpty()) {
            checkLocalName(r.getLocalName());
        }
        for (int i = 0; i < attributes; i++) {
            String prefix = r.getAttributePrefix(i);
            if (prefix != null && !prefix.isEmpty()) {
                checkLocalName(r.getAttributeLocalName(i));
            }
        }
    }

    private static void checkLocalName(String local) {
        if (local.isEmpty() || !XmlChars.nameStart(local.codePointAt(0))) {
            throw new StreamErrorException(StreamErrorCondition.NOT_WELL_FORMED, "'" + XmlChars.quote(local) + "' is not a name");
        }
    }

    private static String attributeName(AsyncXMLStreamReader<?> r, int i) {
        String ns = r.getAttributeNamespace(i);
        String local = r.getAttributeLocalName(i);
        if (ns == null || ns.isEmpty()) {
            return local;
        }
        if (Namespaces.XML.equals(ns)) {
            // xml:lang is on most messages: its name is a constant, not a new string per stanza.
            return "lang".equals(local) ? "xml:lang" : "xml:" + local;
        }
        return "{" + ns + "}" + local;
    }

    private void fail(ChannelHandlerContext ctx, StreamErrorException e) {
        failed = true;
        closeReader();
        ctx.fireExceptionCaught(e);
    }

    /** The parser's message without its location lines, cut short and cleaned: it may quote the peer's bytes. */
    private static String shortMessage(XMLStreamException e) {
        String m = e.getMessage();
        if (m == null) {
            return "XML not well-formed";
        }
        int nl = m.indexOf('\n');
        return XmlChars.quote(nl > 0 ? m.substring(0, nl) : m, MESSAGE_LIMIT);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        closeReader();
    }
}
