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


def main() -> None:
    """Pretty-print the bug information as JSON (the console script's entry point)."""
    # ok: print-in-library
    print(total([4, 5]))


@click.command()
def report_cli(path):
    # ok: print-in-library
    print(path)


def helper_called_by_main():
    # ruleid: print-in-library
    print("not an entry point")
