"""Pictures of a consultation for staff: charts of activity, participants and department responses.

Composition, like `meetings/minutes`: it reads meetings and the departments' workflow.
"""
