"""Oscar apps forked with oscar_fork_app, plus our own commerce apps."""
