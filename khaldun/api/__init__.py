"""The REST API and web dashboard of ``khaldun serve``: ``create_app(db_path)`` builds them, ``run`` serves them."""
