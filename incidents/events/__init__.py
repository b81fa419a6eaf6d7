"""Events: one real attack, linking every record (what one source says) of it."""
