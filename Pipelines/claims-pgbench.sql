-- The statements one drop stage's claim costs on PostgreSQL, as DropClaims sends them: the claim (SKIP LOCKED, a
-- fencing token, the upsert), one renewal and the release. Run against a database holding the two claims tables:
--   pgbench -n -f Pipelines/claims-pgbench.sql -t 2000 -c 3 DATABASE
\set d random(1, 1000000000)
BEGIN;
INSERT INTO "dropClaim" VALUES ('D' || :d, 'transform', '', 0, 0, 0) ON CONFLICT ("dropID", "stage") DO NOTHING;
SELECT "leaseUntil" FROM "dropClaim" WHERE "dropID" = 'D' || :d AND "stage" = 'transform' FOR UPDATE SKIP LOCKED;
UPDATE "dropClaimToken" SET "last" = "last" + 1 WHERE "id" = 1 RETURNING "last";
INSERT INTO "dropClaim" VALUES ('D' || :d, 'transform', 'prep-1', 42, 7, 99999999999999) ON CONFLICT ("dropID", "stage") DO UPDATE SET "holderHost" = excluded."holderHost", "token" = excluded."token", "leaseUntil" = excluded."leaseUntil" WHERE "dropClaim"."leaseUntil" <= 1 RETURNING "token";
COMMIT;
BEGIN;
SELECT "token" FROM "dropClaim" WHERE "dropID" = 'D' || :d AND "stage" = 'transform' FOR UPDATE;
UPDATE "dropClaim" SET "leaseUntil" = 99999999999999 WHERE "dropID" = 'D' || :d AND "stage" = 'transform' AND "token" = 7;
COMMIT;
BEGIN;
DELETE FROM "dropClaim" WHERE "dropID" = 'D' || :d AND "stage" = 'transform' AND "token" = 7;
COMMIT;
