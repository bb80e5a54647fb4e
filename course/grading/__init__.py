"""Exercise generation and grading (the top layer of ``course``; built on otter-grader)."""
