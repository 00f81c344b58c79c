"""The terminal console adapter: every command against the same core, typed or scripted."""
