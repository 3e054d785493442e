"""Minutes and exports of a consultation, compiled by a Celery task.

`document` walks a consultation (streaming from the database) into plain records; each writer in
`writers/` turns that walk into one file format; `archive` and `restore` export and import a whole
consultation losslessly; `services` runs a compilation and keeps it as a version.
"""
