@app.route("/orders")
@login_required
@cache(60)
@rate_limit(10)
@trace
# ruleid: too-many-decorators
def orders():
    return []


@app.route("/health")
@trace
# ok: too-many-decorators
def health():
    return "ok"


class Model:
    @property
    # ok: too-many-decorators
    def name(self):
        return self._name
