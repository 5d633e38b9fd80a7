-- Issue 14: values the archive only stores, and never searches by, take whatever the protocol lets
-- through. A thread (RFC 6121 §5.2.5) and an origin-id (XEP-0359) have no length limit: a 1,100-character
-- thread no longer fails its batch. Resources are at most 1023 bytes (RFC 7622), which VARCHAR(1023)
-- held, but the archive should not depend on every path having checked them.
-- One script for H2 2.x and PostgreSQL: both accept the standard SET DATA TYPE. An unbounded VARCHAR holds
-- up to 1,000,000,000 characters in H2 2.3 (its CHARACTER_MAXIMUM_LENGTH), without limit in PostgreSQL.
-- PostgreSQL widens a VARCHAR without rewriting the table; H2's time on a large archive was not measured.
ALTER TABLE xmpp_archive ALTER COLUMN thread SET DATA TYPE VARCHAR;
ALTER TABLE xmpp_archive ALTER COLUMN origin_id SET DATA TYPE VARCHAR;
ALTER TABLE xmpp_archive ALTER COLUMN with_resource SET DATA TYPE VARCHAR;
ALTER TABLE xmpp_archive ALTER COLUMN from_resource SET DATA TYPE VARCHAR;
ALTER TABLE xmpp_archive ALTER COLUMN to_resource SET DATA TYPE VARCHAR;
