"""Helper library for the course *Batch Processing on AWS*.

Importing ``course`` is cheap: every sub-package is imported only when used.

>>> import course
>>> course.__version__
'0.1.0'
"""

__version__ = "0.1.0"
