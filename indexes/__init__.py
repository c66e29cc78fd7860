"""Search: documents built from PostgreSQL rows, one engine interface, its Elasticsearch and embedded
(Tantivy) implementations, query building and reindexing. May import ``records`` only."""
