"""`disclosure-lint serve`: the checks over HTTP for a CMS's pre-publish step (docs/service.md).
Starlette + uvicorn (the `[server]` extra); checks run on a thread pool, never on the event loop."""
