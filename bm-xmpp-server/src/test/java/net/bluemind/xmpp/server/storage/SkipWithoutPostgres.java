package net.bluemind.xmpp.server.storage;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;

/**
 * Skips a PostgreSQL test class, reporting each test as skipped with the reason, when
 * {@code BM_XMPP_SKIP_POSTGRES=1}. Without it, PostgreSQL being down fails the class.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@DisabledIfEnvironmentVariable(named = PostgresTestDatabase.SKIP_VARIABLE, matches = "1",
        disabledReason = PostgresTestDatabase.SKIP_VARIABLE + "=1: PostgreSQL tests skipped")
@interface SkipWithoutPostgres {
}
