"""Prefect flows over the plain pipeline: `verify_brief`, `verify_briefs`, deployments, watch.

Modules: `verify` (one brief) and `many` (a shelf, fetches shared) are the flows; `tasks` the
cached and retried steps they submit; `steps` the batching between them; `deploy` the
scheduled deployments; `watch` the warm re-check loop (no Prefect); `progress` the live
display; `commands` the CLI's orchestration commands. Importing this package does not import
Prefect: call `flows.env.configure_prefect` first, then import a flow module.
"""
