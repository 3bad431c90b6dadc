"""One structured logger for the whole process.

The correlation id is set per request by core.http; Powertools adds it to every line.
Never pass it a token, a code, a cookie or a whole event.
"""

from aws_lambda_powertools import Logger

logger = Logger(service="customer-portal")
