"""Reading what the user gives: files, folders, drafts in any encoding, Word documents."""
