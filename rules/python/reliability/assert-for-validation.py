import sys

# ok: assert-for-validation
assert sys.version_info >= (3, 9)


def withdraw(account, amount):
    # ruleid: assert-for-validation
    assert amount > 0, "amount must be positive"
    # ruleid: assert-for-validation
    assert isinstance(account, Account)
    account.balance -= amount


def test_withdraw():
    # ok: assert-for-validation
    assert withdraw(acct, 5) is None


class Checks:
    def run(self, case):
        # ok: assert-for-validation
        self.assertEqual(case.result, 3)
        # ok: assert-for-validation
        assert_called_once(case)
