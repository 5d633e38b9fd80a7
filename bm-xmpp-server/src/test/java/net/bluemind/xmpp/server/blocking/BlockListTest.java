package net.bluemind.xmpp.server.blocking;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/** The JID matching rules of XEP-0191 §4. */
class BlockListTest {

    private static Jid jid(String s) {
        return JidCreate.fromOrThrowUnchecked(s);
    }

    @Test
    void aFullJidBlocksThatResourceOnly() {
        BlockList l = BlockList.of(List.of("bob@acme.test/phone"));
        assertTrue(l.blocks(jid("bob@acme.test/phone")));
        assertFalse(l.blocks(jid("bob@acme.test/desk")));
        assertFalse(l.blocks(jid("bob@acme.test")));
    }

    @Test
    void aBareJidBlocksEveryResource() {
        BlockList l = BlockList.of(List.of("bob@acme.test"));
        assertTrue(l.blocks(jid("bob@acme.test")));
        assertTrue(l.blocks(jid("bob@acme.test/any")));
        assertFalse(l.blocks(jid("robert@acme.test/any")));
        assertFalse(l.blocks(jid("acme.test")));
    }

    @Test
    void aDomainWithResourceBlocksThatAddressOnly() {
        BlockList l = BlockList.of(List.of("acme.test/service"));
        assertTrue(l.blocks(jid("acme.test/service")));
        assertFalse(l.blocks(jid("acme.test")));
        assertFalse(l.blocks(jid("bob@acme.test/service")));
    }

    @Test
    void aDomainBlocksEverythingAtItAndItsSubdomains() {
        BlockList l = BlockList.of(List.of("globex.test"));
        assertTrue(l.blocks(jid("globex.test")));
        assertTrue(l.blocks(jid("carol@globex.test")));
        assertTrue(l.blocks(jid("carol@globex.test/c")));
        assertTrue(l.blocks(jid("conference.globex.test")));
        assertTrue(l.blocks(jid("room@conference.globex.test/nick")));
        assertFalse(l.blocks(jid("carol@notglobex.test")));
        assertFalse(l.blocks(jid("globex.test.example")));
    }

    @Test
    void changesKeepTheRest() {
        BlockList l = BlockList.of(List.of("a@x.test")).with(List.of("b@x.test", "y.test")).without(List.of("a@x.test"));
        assertFalse(l.blocks(jid("a@x.test")));
        assertTrue(l.blocks(jid("b@x.test/r")));
        assertTrue(l.blocks(jid("z@y.test")));
        assertTrue(BlockList.EMPTY.with(List.of()).isEmpty());
    }
}
