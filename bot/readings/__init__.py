"""A community's own readings: files and links checked, kept by content hash, and built in a
worker process into the content the community then serves."""
