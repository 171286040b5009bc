"""Prefect tasks (`newslake.tasks`): one thin module per step of the data's path.

acquire -> register -> derive -> dedupe -> load -> report, plus `runs` (v_runs bookkeeping) and
`runtime` (the run's API, task runners, the lake's write slot). Each task calls the library in
`newslake/`; none holds logic of its own.
"""
