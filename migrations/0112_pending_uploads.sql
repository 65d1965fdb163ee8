-- Issue 14 (points 2 and 3). Additive only.
--
-- A one-time message for the next page a signed-in person sees («План
-- отправлен учредителю»): written by the action that redirects, read and
-- cleared by the page that follows, so that it works without JavaScript
-- and survives the redirect.
ALTER TABLE sessions ADD COLUMN flash text NOT NULL DEFAULT '' CHECK (length(flash) <= 500);

-- A file attached to a form that came back with errors (the closing report
-- without «реализованные меры»): kept for its uploader until the form is
-- sent again valid, so that the photo is not lost. One row per uploader and
-- item: a new file replaces the kept one, a valid form consumes it.
CREATE TABLE pending_uploads (
    id            bigserial PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    item_id       bigint NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    filename      text NOT NULL,
    content_type  text NOT NULL,
    data          bytea NOT NULL,
    created_at    timestamptz NOT NULL
);
CREATE INDEX pending_uploads_user_idx ON pending_uploads (user_id, item_id);
CREATE INDEX pending_uploads_age_idx ON pending_uploads (created_at);
