"""Oscar's customer app, forked so the password reset email goes through our notifications."""
