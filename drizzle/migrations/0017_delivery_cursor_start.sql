-- Delivery by push and e-mail starts with the notifications written from now on: the fan-out's
-- cursor begins at the newest notification already in the outbox, so a database that had history
-- before this migration does not send it all out at once. (A fresh database starts at 0.)
INSERT INTO "delivery_cursor" ("name", "last_id")
SELECT 'outbox', coalesce(max("id"), 0) FROM "notifications"
ON CONFLICT ("name") DO NOTHING;
