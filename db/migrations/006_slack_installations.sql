-- Slack workspaces that installed the app through the OAuth flow (a distributed app), each with
-- its own bot token, and the one-time `state` values that tie an OAuth redirect to the install
-- page this app showed (a forged or replayed redirect finds no state and is refused).

-- One row per workspace (or per organisation, for an org-wide install: team_id ''). The
-- installation is slack_sdk's Installation as JSON, so Bolt reads back everything it saved
-- (tokens, refresh token and expiry for token rotation, scopes, incoming webhook).
CREATE TABLE slack_installations (
    enterprise_id TEXT    NOT NULL,  -- '' outside Enterprise Grid
    team_id       TEXT    NOT NULL,  -- '' for an org-wide install
    installation  TEXT    NOT NULL,
    installed_at  INTEGER NOT NULL,
    PRIMARY KEY (enterprise_id, team_id)
) WITHOUT ROWID;

CREATE TABLE slack_oauth_states (
    state      TEXT    PRIMARY KEY,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX slack_oauth_states_expiry ON slack_oauth_states (expires_at);
