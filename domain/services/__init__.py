"""Application services, one module per area, composed into the FilmHouse application."""
