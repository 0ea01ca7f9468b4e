"""The database: engine, models, queries and migrations. The only layer that imports SQLAlchemy."""
