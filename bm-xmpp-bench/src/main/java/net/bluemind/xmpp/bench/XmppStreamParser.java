package net.bluemind.xmpp.bench;

import java.nio.ByteBuffer;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

import com.fasterxml.aalto.AsyncByteBufferFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;

import io.netty.buffer.ByteBuf;

/**
 * Non-blocking parse of one XMPP stream (one XML document) from network buffers.
 *
 * <p>
 * Turns the byte stream into three kinds of callbacks: the stream header, each complete top-level element (depth 2:
 * stanzas, features, SASL/TLS negotiation elements) as a small {@link XmlElement} tree, and the end of the stream.
 * A new parser is needed for every stream restart (after STARTTLS and after SASL success), so a parser can be
 * {@link #discard() discarded} from inside a callback: the rest of the current buffer is then ignored, which is what
 * RFC 6120 requires since the server sends nothing more on the old stream.
 */
final class XmppStreamParser {

    interface Handler {
        void streamOpened(XmlElement header);

        void element(XmlElement element);

        void streamClosed();
    }

    /** Shared: factories are thread-safe for creating readers, and sharing lets readers share their name tables. */
    private static final AsyncXMLInputFactory FACTORY = createFactory();

    private final AsyncXMLStreamReader<AsyncByteBufferFeeder> reader;
    private final Handler handler;
    private int depth;
    private XmlElement current;
    private boolean discarded;

    XmppStreamParser(Handler handler) {
        this.handler = handler;
        this.reader = FACTORY.createAsyncForByteBuffer();
    }

    private static AsyncXMLInputFactory createFactory() {
        InputFactoryImpl f = new InputFactoryImpl();
        f.configureForSpeed();
        // XMPP forbids DTDs and entity declarations; never try to resolve anything.
        f.setProperty(javax.xml.stream.XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        f.setProperty(javax.xml.stream.XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        return f;
    }

    /** Parses all bytes readable in {@code buf} (does not release it). */
    void feed(ByteBuf buf) throws XMLStreamException {
        if (discarded || !buf.isReadable()) {
            return;
        }
        if (buf.nioBufferCount() == 1) {
            feed(buf.nioBuffer());
        } else {
            for (ByteBuffer part : buf.nioBuffers()) {
                if (discarded) {
                    return;
                }
                feed(part);
            }
        }
    }

    private void feed(ByteBuffer bytes) throws XMLStreamException {
        if (!bytes.hasRemaining()) {
            return;
        }
        // The reader keeps a reference to the buffer until it reports EVENT_INCOMPLETE, which drain() waits for,
        // so the caller may release the Netty buffer as soon as this returns.
        reader.getInputFeeder().feedInput(bytes);
        drain();
    }

    private void drain() throws XMLStreamException {
        while (!discarded) {
            int event = reader.next();
            switch (event) {
            case AsyncXMLStreamReader.EVENT_INCOMPLETE:
                return;
            case XMLStreamConstants.START_ELEMENT:
                startElement();
                break;
            case XMLStreamConstants.END_ELEMENT:
                endElement();
                break;
            case XMLStreamConstants.CHARACTERS:
            case XMLStreamConstants.CDATA:
            case XMLStreamConstants.SPACE:
                // Text between stanzas (whitespace keep-alives) has no element to belong to and is dropped.
                if (current != null) {
                    current.appendText(reader.getText());
                }
                break;
            case XMLStreamConstants.END_DOCUMENT:
                discarded = true;
                return;
            default:
                // declaration, comments, processing instructions: nothing an XMPP client acts upon
                break;
            }
        }
    }

    private void startElement() {
        depth++;
        XmlElement element = new XmlElement(reader.getLocalName(), reader.getNamespaceURI(), attributes(),
                depth > 2 ? current : null);
        if (depth == 1) {
            handler.streamOpened(element);
        } else if (depth == 2) {
            current = element;
        } else {
            current.addChild(element);
            current = element;
        }
    }

    private void endElement() {
        depth--;
        if (depth == 0) {
            handler.streamClosed();
        } else if (depth == 1) {
            XmlElement done = current;
            current = null;
            handler.element(done);
        } else {
            current = current.parent();
        }
    }

    private String[] attributes() {
        int n = reader.getAttributeCount();
        if (n == 0) {
            return null;
        }
        String[] attrs = new String[n * 2];
        for (int i = 0; i < n; i++) {
            attrs[2 * i] = reader.getAttributeLocalName(i);
            attrs[2 * i + 1] = reader.getAttributeValue(i);
        }
        return attrs;
    }

    /** Stops parsing (also mid-buffer) and frees the reader; used on stream restarts and when the channel closes. */
    void discard() {
        if (discarded) {
            return;
        }
        discarded = true;
        current = null;
        try {
            // closing hands the names this reader learnt back to the shared table, which later readers reuse
            reader.close();
        } catch (XMLStreamException e) {
            // nothing to release beyond memory
        }
    }
}
