"""The Textual front end: the app, its screens and widgets; nothing else imports Textual."""
