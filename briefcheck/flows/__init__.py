"""Prefect flows over the plain pipeline: `verify_brief`, `verify_briefs` and deployments.

Modules: `verify` the flows (the pipeline's compositions with a task runner), `tasks` the
steps as tasks and the runner that submits them, `deploy` the scheduled deployments, `env`
Prefect's environment, `apiserver` the local Prefect server the commands share. Importing
this package does not import Prefect: call `flows.env.configure_prefect` first, then import
a flow module.
"""
