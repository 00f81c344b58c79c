-- Slack workspaces that installed the app through the OAuth flow, and the one-time OAuth states
-- (see ../006_slack_installations.sql).

CREATE TABLE slack_installations (
    enterprise_id text   COLLATE "C" NOT NULL,
    team_id       text   COLLATE "C" NOT NULL,
    installation  text   NOT NULL,
    installed_at  bigint NOT NULL,
    PRIMARY KEY (enterprise_id, team_id)
);

CREATE TABLE slack_oauth_states (
    state      text   COLLATE "C" PRIMARY KEY,
    expires_at bigint NOT NULL
);

CREATE INDEX slack_oauth_states_expiry ON slack_oauth_states (expires_at);
