"""Running a batch: finding files, the store and its keys, the unit of work, executors."""
