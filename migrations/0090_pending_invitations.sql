-- Invitations of people who already have an account (issue 13.1). Such an
-- invitation makes no membership by itself: the person sees it when signed
-- in and accepts or declines it. Until then the inviter sees only the
-- address typed (email), never the person's name or position.
CREATE TABLE pending_invitations (
    id              bigserial PRIMARY KEY,
    user_id         bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    email           text NOT NULL,
    role            text NOT NULL CHECK (role IN ('director', 'staff', 'founder')),
    institution_id  bigint REFERENCES institutions(id) ON DELETE CASCADE,
    founder_id      bigint REFERENCES founders(id) ON DELETE CASCADE,
    invited_by      bigint REFERENCES users(id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    CHECK (
        (role = 'founder' AND founder_id IS NOT NULL AND institution_id IS NULL) OR
        (role <> 'founder' AND institution_id IS NOT NULL AND founder_id IS NULL)
    )
);
CREATE UNIQUE INDEX pending_invitations_user_institution_key ON pending_invitations (user_id, institution_id) WHERE institution_id IS NOT NULL;
CREATE UNIQUE INDEX pending_invitations_user_founder_key ON pending_invitations (user_id, founder_id) WHERE founder_id IS NOT NULL;
CREATE INDEX pending_invitations_institution_idx ON pending_invitations (institution_id);
