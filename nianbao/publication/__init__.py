"""Publication: what is built beside the data for readers (views, search, audit tables) by
`nianbao publish`, and the Datasette app, plugin, templates and metadata that serve it."""
