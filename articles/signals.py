"""Signal receivers: keep derived data (search index, page cache) in step with edits."""
