-- The expired-token purge (ExpiredTokenPurge) finds expired revocations a
-- batch at a time by this index, as it finds expired refresh tokens by
-- refresh_tokens_expires_idx.
CREATE INDEX token_revocations_expires_idx ON token_revocations (expires_at);
