"""The one entrance: every long-running start (`studybot run`, `studybot console`) goes through
`bot.runtime.serve`, which checks the settings and the content, opens the store, builds a Core
for each adapter, runs the one tick-and-heartbeat loop and ends with one exit-code policy
(`bot.runtime.exits`). Adapters only translate between their platform and the Core they get."""
