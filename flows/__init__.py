"""Prefect flows (`newslake.flows`): the data's path wired from the tasks in `newslake.tasks`."""
