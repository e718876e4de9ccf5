"""Progress history: one snapshot per run (store) and the trends read from it."""
