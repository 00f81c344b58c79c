"""The Slack adapter: slash commands, buttons and posts over the platform-neutral core."""
