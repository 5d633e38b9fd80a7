package net.bluemind.xmpp.server.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

class SqlRejectionTest {

    @Test
    void dataErrorsAreRefusalsAndConnectionErrorsAreNot() {
        for (String state : new String[] { "21000", "22001", "22021", "23505", "54000" }) {
            assertTrue(SqlRejection.refusesData(state), state);
        }
        for (String state : new String[] { "08001", "08006", "40001", "57014", "42P01", "HY000" }) {
            assertFalse(SqlRejection.refusesData(state), state);
        }
        assertFalse(SqlRejection.refusesData(null));
    }

    @Test
    void findsTheRefusalBehindABatchAndAStage() {
        SQLException tooLong = new SQLException("Value too long", "22001");
        BatchUpdateException batch = new BatchUpdateException("batch failed", "HY000", 0, new int[0], null);
        batch.setNextException(tooLong);
        assertSame(tooLong, SqlRejection.find(new CompletionException(batch)));
        assertNull(SqlRejection.find(new CompletionException(new SQLException("Connection refused", "08001"))));
    }

    /** H2 quotes the refused value (a message body, maybe): the log line keeps the column and drops the value. */
    @Test
    void describesWithoutTheValue() {
        SQLException h2 = new SQLException("Value too long for column \"BODY CHARACTER VARYING(10)\": \"'secret body text' (16)\";"
                + " SQL statement:\nMERGE INTO xmpp_archive (owner_jid) KEY (owner_jid) VALUES (?) [22001-232]", "22001");
        assertEquals("SQLState 22001: Value too long for column \"BODY CHARACTER VARYING(10)\"", SqlRejection.describe(h2));
        SQLException pg = new SQLException("ERROR: index row size 3000 exceeds btree version 4 maximum 2704 for index \"xmpp_archive_pk\"",
                "54000");
        assertEquals("SQLState 54000: ERROR: index row size 3000 exceeds btree version 4 maximum 2704 for index \"xmpp_archive_pk\"",
                SqlRejection.describe(pg));
    }
}
