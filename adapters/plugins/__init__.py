"""How each built-in platform plugs into briefbot: one `Adapter` per module, named in pyproject.toml's
`[project.entry-points."briefbot.adapters"]`. Kept apart from the platform packages, whose imports load the chat SDKs:
discovering the adapters (every `briefbot` command does) stays cheap; each SDK is imported when its adapter runs.
"""
