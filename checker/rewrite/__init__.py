"""Commands that write drafts: fix, migrate, new."""
