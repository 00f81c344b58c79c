"""The Discord adapter: slash commands, buttons and posts in, core calls, embeds out."""
