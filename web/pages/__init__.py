"""The HTML pages by area: each handler parses, calls one service, renders the page or its htmx
fragment."""
