import logging

logger = logging.getLogger(__name__)


def total(items):
    result = sum(items)
    # ruleid: print-in-library
    print("total is", result)
    return result


class Report:
    def render(self):
        # ruleid: print-in-library
        print(self)
        # ok: print-in-library
        self.print()
        # ok: print-in-library
        pprint(self.rows)
        # ok: print-in-library
        logger.debug("rendered %s", self)


if __name__ == "__main__":
    # ok: print-in-library
    print(total([1, 2, 3]))
