"""Retention: how long each kind of record is kept, and the nightly job that deletes what is
past its time. The periods are in `rules`, the deleting in `purge`; docs/retention.md says
the same in plain words for a data protection officer."""
