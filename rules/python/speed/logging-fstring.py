import logging

logger = logging.getLogger(__name__)


def login(user_id, attempts):
    # ruleid: logging-fstring
    logger.info(f"user {user_id} logged in")
    # ruleid: logging-fstring
    logging.debug(f"attempts={attempts}")
    # ok: logging-fstring
    logger.info("user %s logged in", user_id)
    # ok: logging-fstring
    logger.info(f"static message")
    # ok: logging-fstring
    print(f"user {user_id}")
    # ok: logging-fstring
    logger.info("user %s", f"{user_id}")
