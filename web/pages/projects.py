"""Projects: the pages of the area, one module per part, gathered here for the application.

- projects_board.py: the board of pitched projects and a director's own projects;
- project_editor.py: drafting and the details (read by project_details_form.py);
- project_status.py: the status and, at wrap, confirming the crew;
- project_roles.py: the editor's crew roles;
- project_attachments.py: the pitch deck and stills, uploaded and downloaded;
- project_page.py: the project page and its kept article;
- project_crewing.py: inviting, applying and answering (its own ROUTES);
- project_common.py: what they share.
"""

from __future__ import annotations

from web.pages import (
    project_attachments,
    project_editor,
    project_page,
    project_roles,
    project_status,
    projects_board,
)

ROUTES = [
    *projects_board.ROUTES,
    *project_editor.ROUTES,
    *project_status.ROUTES,
    *project_roles.ROUTES,
    *project_attachments.ROUTES,
    *project_page.ROUTES,
]
