"""Evidence: walk the folders, tell each file's type by content, assign it, inspect it."""
